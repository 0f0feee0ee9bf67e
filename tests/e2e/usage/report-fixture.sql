-- The usage log of tests/e2e/usage/report-test.sh: February 2026 with a
-- few events either side, five agents (dan has no office), every kind of
-- event, uses on no channel, a search whose text was not logged, an
-- answer that is no longer in the KB (old-fees).  The first kb use of the
-- test made the database; its row is dropped so that this file is the
-- whole log.
DELETE FROM event;
INSERT INTO event(uid, time, kind, agent, office, channel, answer, query, hits, reason) VALUES
-- uses
('fx-u01', '2026-01-31T23:59:59Z', 'use', 'ann', 'North', 'phone',   'lost-passport',  NULL, NULL, NULL),
('fx-u02', '2026-02-01T00:00:00Z', 'use', 'ann', 'North', 'phone',   'lost-passport',  'lost passport', NULL, NULL),
('fx-u03', '2026-02-02T09:15:00Z', 'use', 'bob', 'North', 'phone',   'lost-passport',  NULL, NULL, NULL),
('fx-u04', '2026-02-03T11:00:00Z', 'use', 'ann', 'North', 'email',   'lost-passport',  NULL, NULL, NULL),
('fx-u05', '2026-02-04T14:30:00Z', 'use', 'cat', 'South', 'walk-in', 'lost-passport',  NULL, NULL, NULL),
('fx-u06', '2026-02-05T10:00:00Z', 'use', 'cat', 'South', 'phone',   'passport-renew', NULL, NULL, NULL),
('fx-u07', '2026-02-06T10:00:00Z', 'use', 'bob', 'North', 'phone',   'passport-renew', NULL, NULL, NULL),
('fx-u08', '2026-02-07T16:45:00Z', 'use', 'eve', 'South', 'email',   'passport-renew', NULL, NULL, NULL),
('fx-u09', '2026-02-09T08:00:00Z', 'use', 'cat', 'South', 'walk-in', 'dog-license',    NULL, NULL, NULL),
('fx-u10', '2026-02-10T08:00:00Z', 'use', 'eve', 'South', 'walk-in', 'dog-license',    NULL, NULL, NULL),
('fx-u11', '2026-02-11T12:00:00Z', 'use', 'dan', NULL,    NULL,      'dog-license',    NULL, NULL, NULL),
('fx-u12', '2026-02-12T12:00:00Z', 'use', 'ann', 'North', 'email',   'recycling',      NULL, NULL, NULL),
('fx-u13', '2026-02-14T09:00:00Z', 'use', 'bob', 'North', 'phone',   'old-fees',       NULL, NULL, NULL),
('fx-u14', '2026-02-28T23:59:59Z', 'use', 'dan', NULL,    'phone',   'recycling',      NULL, NULL, NULL),
('fx-u15', '2026-03-01T00:00:00Z', 'use', 'ann', 'North', 'phone',   'bulky-pickup',   NULL, NULL, NULL),
-- searches that ended with no answer used
('fx-s01', '2026-02-01T08:00:00Z', 'search', 'ann', 'North', 'phone',   NULL, 'Lost  Passport!', 0, NULL),
('fx-s02', '2026-02-02T08:00:00Z', 'search', 'bob', 'North', 'phone',   NULL, 'lost passport',   4, NULL),
('fx-s03', '2026-02-03T08:00:00Z', 'search', 'ann', 'North', 'email',   NULL, 'LOST PASSPORT?',  0, NULL),
('fx-s04', '2026-02-08T08:00:00Z', 'search', 'cat', 'South', 'walk-in', NULL, 'parking permit',  0, NULL),
('fx-s05', '2026-02-09T08:00:00Z', 'search', 'eve', 'South', 'phone',   NULL, 'Parking-Permit',  0, NULL),
('fx-s06', '2026-02-10T08:00:00Z', 'search', 'cat', 'South', 'walk-in', NULL, 'dog park',        2, NULL),
('fx-s07', '2026-02-13T08:00:00Z', 'search', 'dan', NULL,    'phone',   NULL, NULL,              0, NULL),
('fx-s08', '2026-02-20T08:00:00Z', 'search', 'eve', 'South', 'email',   NULL, 'Café hours',      1, NULL),
('fx-s09', '2026-03-02T08:00:00Z', 'search', 'ann', 'North', 'phone',   NULL, 'snow ploughing',  0, NULL),
-- flags
('fx-f01', '2026-02-05T09:00:00Z', 'flag', 'ann', 'North', 'phone',   'lost-passport',  NULL, NULL, 'outdated'),
('fx-f02', '2026-02-06T09:00:00Z', 'flag', 'cat', 'South', 'walk-in', 'lost-passport',  NULL, NULL, 'fee changed, now "$70"'),
('fx-f03', '2026-02-15T09:00:00Z', 'flag', 'bob', 'North', NULL,      'recycling',      NULL, NULL, 'unclear'),
('fx-f04', '2026-02-16T09:00:00Z', 'flag', 'bob', 'North', 'phone',   'old-fees',       NULL, NULL, 'wrong'),
-- customers not satisfied
('fx-n01', '2026-02-07T10:00:00Z', 'unsatisfied', 'bob', 'North', 'phone',   'lost-passport', NULL, NULL, NULL),
('fx-n02', '2026-02-17T10:00:00Z', 'unsatisfied', 'eve', 'South', 'walk-in', 'dog-license',   NULL, NULL, NULL);
