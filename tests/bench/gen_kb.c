/*
 * gen_kb.c - synthetic knowledge-base generator for kb benchmarks.
 *
 * Prints a `git fast-import` stream on stdout that creates a repository of
 * Markdown answers (with front matter) on refs/heads/main: a first commit
 * with N answers and an optional second commit that modifies K of them.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -Werror -o gen_kb gen_kb.c
 *   git init -q -b main R
 *   ./gen_kb --count 100000 --layout folders | git -C R fast-import --quiet
 *
 * Everything is a pure function of the options (own PRNG, fixed commit
 * timestamps), so the resulting commit hashes are reproducible.
 * Self-contained: libc only (no libm).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64                                                     */
/* ------------------------------------------------------------------ */

typedef struct { uint64_t s; } Rng;

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t rng_next(Rng *r)
{
    r->s += 0x9E3779B97F4A7C15ULL;
    return mix64(r->s);
}

/* uniform integer in [0, n), n < 2^32 */
static inline uint32_t rng_below(Rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline double rng_unit(Rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* true with probability pct/100 */
static inline int rng_pct(Rng *r, uint32_t pct) { return rng_below(r, 100) < pct; }

static Rng rng_make(uint64_t seed, uint64_t a, uint64_t b)
{
    Rng r;
    r.s = mix64(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
    r.s = mix64(r.s ^ (a + 0xD1B54A32D192ED03ULL));
    r.s = mix64(r.s ^ (b * 0xAEF17502108EF2D9ULL + 0x1234567ULL));
    return r;
}

/* ------------------------------------------------------------------ */
/* Vocabulary                                                           */
/* Each list is written roughly from most to least frequent; words are */
/* drawn with Zipf-like weights 1/(rank+q).                             */
/* ------------------------------------------------------------------ */

/* Domain nouns. The first 100 are the topic themes of topic-00..99. */
static const char *const SRC_DNOUN[] = {
    "permit parking passport tax housing benefits licence voting trash recycling",
    "application renewal appointment fee registration certificate property rent",
    "pension childcare school library water sewer vehicle driver transit bus",
    "business zoning building inspection noise pet dog park pool tree",
    "snow street sidewalk pothole streetlight graffiti compost garbage waste bin",
    "ballot election voter marriage birth death adoption citizenship residency visa",
    "immigration identification income unemployment disability insurance health",
    "clinic vaccination senior veteran youth student tuition scholarship loan grant",
    "mortgage tenant landlord eviction deposit utility electricity heating energy",
    "flood storm fire alarm contractor construction demolition fence sign alcohol",
    "food restaurant vendor market event festival parade court jury ticket",
    "fine penalty refund complaint appeal records archive cemetery burial shelter",
    "form document fees deadline office account payment claim request notice letter",
    "statement bill invoice receipt citation violation inspector assessment lease",
    "subsidy allowance retirement coverage plan policy program scheme service",
    "services support assistance aid relief credit deduction exemption waiver",
    "discount rebate rate rates charge charges cost costs budget earnings wage salary",
    "employer employee employment job jobs career training course education",
    "enrollment child children family parent guardian spouse divorce custody",
    "identity card photo signature address postcode neighbourhood neighborhood",
    "district ward council city county state municipality department agency",
    "authority ministry bureau board committee commission clerk registrar officer",
    "official caseworker counsellor adviser representative agent staff team desk",
    "counter kiosk portal website email phone telephone hotline helpline queue",
    "car truck motorcycle bicycle bike scooter road highway bridge crosswalk lane",
    "meter zone garage lot space towing plate plates title emissions accident",
    "collision signal traffic fare pass station stop route schedule timetable",
    "cart pickup collection dumpster landfill items yard leaves battery batteries",
    "electronics appliance mattress furniture litter nuisance pest rodent rat",
    "mosquito cat animal leash kennel rabies utilities gas outage leak drain",
    "flooding ice plow salt playground museum recreation centre center community",
    "storefront liquor tobacco cannabis variance blueprint architect renovation",
    "deck roof occupancy safety smoke detector sprinkler elevator boiler code",
    "hospital doctor nurse prescription medicine vaccine immunization screening",
    "care caregiver seniors veterans teen household member dependent resident",
    "residents citizen citizens visitor newcomer refugee asylum judge hearing",
    "trial summons warrant probation attorney lawyer rights law ordinance bylaw",
    "regulation rule rules requirement requirements eligibility criteria condition",
    "conditions terms consent authorization approval denial decision determination",
    "review audit investigation enforcement compliance return filing levy lien",
    "arrears balance instalment installment period quarter calendar holiday",
    "proof evidence copy copies original diploma transcript affidavit declaration",
    "oath notary stamp seal envelope mail postage courier fax upload attachment",
    "file scan step steps process procedure instructions guide checklist",
    "information details status progress confirmation reference number password",
    "login username profile dashboard system portal inbox message reminder",
    "household subsidy voucher coupon token meal lunch nutrition grocery pantry",
    "shelter homelessness hostel accommodation apartment unit condominium house",
    "home dwelling basement attic landlord repair repairs maintenance mould mold",
    "heat heater furnace insulation weatherization window windows door doors",
    "lock keys smoke stairs ramp accessibility wheelchair interpreter translation",
    "language braille caption hearing vision transport paratransit shuttle ride",
    "taxi rideshare bikeshare dock helmet speed camera radar sticker decal tag",
    "odometer mileage inspection smog exhaust tire tires wheel insurer broker",
    "premium deductible copay copayment reimbursement invoice ledger statement",
    "assessor valuation appraisal parcel deed survey boundary easement setback",
    "subdivision plot acre hedge shed pool patio driveway curb gutter hydrant",
    "manhole culvert ditch sewage septic well cistern meter reading sprinkler",
    "irrigation lawn garden allotment orchard greenhouse beekeeping chickens",
    "livestock horse stable barn farm farmer harvest crop produce stall kiosk",
    "busker performer permit filming photography drone fireworks bonfire barbecue",
    "picnic pavilion rental hall venue booking reservation capacity attendance",
    "curfew lockdown quarantine isolation outbreak epidemic testing results",
    "diagnosis referral specialist dentist dental optometrist glasses hearing",
    "therapy counselling rehabilitation addiction treatment detox hotline crisis",
    "emergency ambulance paramedic dispatcher police sheriff constable patrol",
    "report incident theft burglary vandalism fraud scam identity harassment",
    "abuse neglect welfare protection order restraining custody visitation",
    "allowance maintenance alimony arrears garnishment seizure repossession",
    "foreclosure bankruptcy debt debts creditor collector settlement hardship",
    "deferral extension postponement suspension cancellation termination closure",
    "transfer relocation move moving change update correction amendment name",
    "surname gender nationality origin ancestry genealogy census survey statistics",
    "poll polling precinct candidate campaign petition referendum ballots proxy",
    "absentee registration turnout observer scrutineer recount result results",
    "meeting agenda minutes motion vote resolution hearing testimony submission",
    "consultation feedback suggestion survey questionnaire response enquiry inquiry",
    "ombudsman tribunal mediation arbitration dispute grievance objection",
    "licensee holder applicant claimant recipient beneficiary payee taxpayer",
    "ratepayer homeowner owner occupant lodger roommate household retiree pensioner",
    "jobseeker apprentice intern graduate trainee volunteer worker contractor",
    "sole trader partnership corporation charity nonprofit association cooperative",
    "franchise branch premises warehouse factory workshop studio kiosk stall",
    NULL
};

static const char *const SRC_DADJ[] = {
    "residential annual temporary new online commercial senior permanent local",
    "municipal public private lost stolen expired valid current monthly weekly",
    "disabled affordable federal provincial regional national international",
    "domestic foreign official certified eligible required optional mandatory",
    "additional late overdue outstanding unpaid paid free reduced full partial",
    "emergency urgent standard express digital paper electronic personal medical",
    "legal financial accessible replacement duplicate initial final interim",
    "provisional conditional special general basic primary secondary joint",
    "single married separated widowed minor elderly low visiting overnight",
    "seasonal daily visitor student family household small large bulky hazardous",
    "organic green blue grey black yellow red accessible shared subsidized",
    "registered unregistered licensed unlicensed approved pending denied damaged",
    NULL
};

/* Title verb phrases (imperatives). */
static const char *const SRC_TVERB[] = {
    "Renew|Apply for|Replace|Request|Report|Pay|Cancel|Update|Change|Register",
    "Appeal|Find|Check|Get|Schedule|Book|Transfer|Dispute|Claim|Contest|Extend",
    "Reinstate|Verify|Submit|Track|Print|Download|Order|Return|Close|Open",
    "Start|Suspend|Correct|Withdraw|Amend|Collect|Drop off|Sign up for|Look up",
    "Apply to change|Ask about|Set up|Reschedule|Postpone|Confirm|Estimate",
    "Calculate|Prepare|Object to|Comment on|Inspect|Dispose of|Recycle|Rent",
    NULL
};

static const char *const SRC_TTAIL[] = {
    "online|in person|by mail|for seniors|for a business|after moving|for a child",
    "as a landlord|as a tenant|before the deadline|for the first time|from abroad",
    "on behalf of someone else|by phone|without an appointment|at a service centre",
    "if you are disabled|for a new resident|for a visitor|during an emergency",
    "for a nonprofit|for a student|after a divorce|after a death in the family",
    NULL
};

static const char *const SRC_TASPECT[] = {
    "fees deadlines eligibility requirements exemptions rules forms contacts",
    "payments appeals refunds discounts hours locations documents penalties",
    "renewals changes options questions steps", NULL
};

static const char *const SRC_TSTATE[] = {
    "lost stolen damaged expired denied delayed rejected suspended cancelled",
    "overdue incorrect missing late revoked", NULL
};

static const char *const SRC_CNOUN[] = {
    "time year people way day man thing woman life world hand part place case",
    "week company group problem fact government number night point home room",
    "mother area money story month lot right study book eye word side kind head",
    "friend father power hour game line end name president idea kid body back",
    "face others level person art war history party result morning reason",
    "research girl guy moment air teacher force foot boy age music sense nation",
    "college interest experience effect class control field development role",
    "effort heart show leader light voice wife mind price report son view",
    "relationship town arm difference value action model season society director",
    "position player paper ground matter couple site project activity star table",
    "need situation industry figure image data picture practice piece land",
    "product wall patient worker news test movie love technology baby computer",
    "type attention film source organization hair window truth dinner box",
    "question answer problem issue solution option choice chance opportunity",
    "example detail list note page section chapter item part piece sample",
    "total amount sum percent share portion half quarter minimum maximum limit",
    "beginning start middle finish end term date deadline weekday weekend",
    "evening afternoon noon midnight today tomorrow yesterday future past present",
    "spring summer autumn fall winter january february march april may june",
    "july august september october november december monday tuesday wednesday",
    "thursday friday saturday sunday minute second hours minutes days weeks",
    "months years decade century morning schedule plan goal purpose reason",
    "cause effect impact benefit advantage risk danger harm damage loss gain",
    "increase decrease change growth rise drop difference balance range scale",
    "size length width height weight depth distance area volume speed rate",
    "quality quantity standard measure method approach system structure pattern",
    "process practice routine habit rule principle idea concept theory belief",
    "opinion view attitude feeling emotion mood fear hope trust respect pride",
    "interest concern worry stress pressure demand supply stock store shop",
    "centre corner edge front rear top bottom inside outside surface floor",
    "ceiling entrance exit gate path way direction north south east west map",
    "sign symbol label tag badge logo brand letter character word sentence text",
    "message note memo email call conversation discussion meeting talk speech",
    "language voice sound noise music picture photo image video film screen",
    "device machine tool equipment instrument engine motor battery wire cable",
    "network internet connection signal channel program software application",
    "file folder record database screen keyboard printer scanner copy version",
    "friend neighbour neighbor colleague partner relative cousin aunt uncle",
    "grandparent grandmother grandfather daughter brother sister husband baby",
    "person individual adult customer client user owner visitor guest member",
    "public audience crowd population majority minority team crew staff expert",
    "professional specialist manager supervisor assistant secretary volunteer",
    "food meal breakfast lunch drink coffee tea bread milk fruit vegetable meat",
    "clothes coat shoes bag wallet purse key keys phone watch glasses umbrella",
    "paper pen pencil envelope stamp package parcel box bag bottle can container",
    "weather rain wind sun cloud temperature heat cold snow ice storm",
    "road street avenue corner block building tower floor apartment room kitchen",
    "bathroom bedroom garden yard gate wall roof door window stairs elevator",
    "school university hospital church station airport port harbour bank hotel",
    "shop store mall market restaurant cafe bar library theatre cinema museum",
    "country region province island coast river lake mountain hill valley forest",
    NULL
};

static const char *const SRC_CADJ[] = {
    "new good other first last long great little own old right big high",
    "different small large next early young important few public bad same able",
    "full free clear sure real best better true whole certain local open short",
    "simple easy hard difficult possible likely available ready necessary",
    "current recent main major minor final total complete correct wrong",
    "similar separate specific particular general common normal usual regular",
    "special extra additional original previous following further main key",
    "main strong weak safe secure quick fast slow busy quiet late early",
    "cheap expensive low higher lower lowest highest nearest closest own",
    "personal private official formal informal valid invalid legal illegal",
    "reasonable fair unfair proper appropriate suitable relevant useful helpful",
    "serious simple direct indirect physical mental social economic political",
    "basic single double whole entire various several numerous enough limited",
    "open closed empty busy crowded clean dirty broken damaged missing lost",
    "happy glad sorry afraid worried concerned interested aware unable unlikely",
    "daily weekly monthly yearly annual hourly nightly seasonal permanent",
    "temporary brief quick detailed short long wide narrow deep shallow heavy",
    "light dark bright warm cold hot cool dry wet fresh old modern traditional",
    "standard typical average maximum minimum exact approximate estimated",
    "responsible eligible liable exempt subject due overdue pending active",
    "inactive eligible willing prepared confident careful honest direct polite",
    NULL
};

static const char *const SRC_VERB[] = {
    "apply check pay submit renew use get make take see find give send call",
    "bring complete contact visit keep include provide request update change",
    "register book schedule cancel report show receive return follow read",
    "know ask need allow help leave choose confirm enter attach sign print",
    "upload download collect pick drop replace review approve issue process",
    "verify confirm notify inform mail email transfer claim appeal dispute",
    "cover contest extend reinstate track order close open start stop suspend",
    "correct withdraw amend file list mark save store scan copy forward deliver",
    "park tow recycle sort clean repair inspect measure install connect",
    "disconnect refund charge owe borrow lend rent lease own purchase afford",
    "earn spend qualify enroll vote elect nominate petition object complain",
    "respond reply answer explain clarify postpone delay reschedule expire",
    "accept reject refuse authorize license certify validate stamp witness",
    "declare state highlight enclose exclude exempt waive reduce raise adjust",
    "assess audit investigate enforce comply violate warn remind alert advise",
    "recommend guide assist support refer redirect escalate resolve settle",
    "go come look want tell work try feel seem begin talk turn move live",
    "believe hold happen write sit stand lose meet continue set learn lead",
    "understand watch speak add spend grow walk win offer remember consider",
    "appear buy wait serve expect build stay fall cut reach remain suggest",
    "pass sell require decide pull explain hope develop carry break agree",
    "produce eat catch draw cause point listen realize place involve increase",
    "prepare discuss prove wish establish protect rise identify describe",
    "maintain contain remove fill obtain arrange estimate calculate compare",
    "select note record display share link log sign login register reset",
    "activate deactivate enable disable load finish wash dispose empty cover",
    "plan organize manage handle deal supply pay repay count sort prioritize",
    "benefit cost fund finance invest insure protect guarantee secure lock",
    "unlock open shut clear mow prune plant water feed walk license vaccinate",
    "photograph film record notify publish post display advertise announce",
    NULL
};

static const char *const SRC_PART[] = {
    "submitted approved issued required processed mailed reviewed accepted",
    "denied renewed charged paid received signed completed sent returned filed",
    "registered scheduled cancelled updated changed lost stolen damaged expired",
    "delayed rejected suspended revoked granted posted published printed",
    "delivered collected picked verified confirmed checked inspected assessed",
    "calculated based located listed shown attached included provided offered",
    "needed made given taken found kept held closed opened limited allowed",
    "notified informed contacted referred transferred refunded reduced waived",
    "extended recorded stored archived deleted removed replaced repaired towed",
    "booked reserved assigned allocated selected invited expected entitled",
    "exempt considered treated managed handled resolved settled billed owed",
    NULL
};

static const char *const SRC_DET[] = {
    "the your a this any each our their that every another its", NULL
};

static const char *const SRC_PREP[] = {
    "of to in for on with by at from before after within during about under",
    "without through until between into over per across near against along",
    "around since upon throughout toward beyond outside inside beside among",
    "regarding concerning following including except", NULL
};

static const char *const SRC_CONJ[] = {
    "if when because while unless although once before after as whether since",
    "until though where", NULL
};

static const char *const SRC_PRON[] = { "you we they", NULL };

static const char *const SRC_MODAL[] = {
    "can|must|should|may|will|need to|might|could|have to|are able to",
    "are required to|would|usually|often", NULL
};

static const char *const SRC_ADV[] = {
    "also only usually then still now online first again already often always",
    "never soon later today early instead directly quickly easily automatically",
    "generally normally typically currently immediately promptly separately",
    "together otherwise however additionally meanwhile finally simply fully",
    "partly mostly nearly almost especially carefully securely electronically",
    "annually monthly weekly daily yearly quarterly seasonally temporarily",
    "permanently regularly locally nationally personally individually jointly",
    "manually digitally officially formally legally strictly exactly",
    "approximately roughly briefly shortly recently previously originally",
    "eventually here there sometimes rarely occasionally frequently ideally",
    NULL
};

/* Syllables for made-up surnames, place and street names. */
static const char *const SYL[] = {
    "bran", "dlow", "kes", "tridge", "mar", "low", "by", "well", "ton", "ford",
    "ash", "wick", "ham", "ley", "stan", "mere", "hol", "den", "crest", "wood",
    "fen", "gate", "thorn", "bury", "oko", "nel", "dar", "vik", "ros", "sel",
    "pen", "rith", "cal", "dor", "mont", "vale", "quin", "ber", "lan", "gris",
    "tal", "hurst", "wyn", "ric", "ab", "bot", "ela", "ma", "ri", "no", "ka",
    "zu", "ten", "sor", "bel", "hav", "ers", "mill", "brook", "stead", "cot",
    "field", "shaw", "ing",
};
#define NSYL ((int)(sizeof SYL / sizeof SYL[0]))

static const char *const STREET_KIND[] = {
    "Street", "Road", "Avenue", "Lane", "Way", "Place", "Drive", "Court",
    "Crescent", "Terrace",
};

/* Queries: everyday phrases */
static const char *const Q_PREFIX[] = {
    "how do i", "how to", "i need", "i need to", "my", "where do i", "can i",
    "help with", "question about", "problem with", "cost of", "when is",
    "lost my", "need", "about", "want to", "where is my", "how much",
};
static const char *const Q_SUFFIX[] = {
    "help", "online", "today", "cost", "deadline", "please", "urgent",
    "near me", "hours", "status", "form", "office", "how long",
};
static const char *const Q_COMMON[] = {
    "i need help", "what time do you open", "is the office open",
    "how much does it cost", "talk to a person", "where do i go",
    "who do i call", "not sure what to do", "got a letter", "it is urgent",
    "can you help me", "hello", "help", "opening hours today", "i have a question",
    "what do i need", "how long does it take", "call me back", "my money",
    "when will it come", "wrong address", "need to change it",
};
static const char *const Q_STOP[] = {
    "a", "an", "the", "your", "to", "for", "if", "is", "what", "do", "how",
    "who", "can", "and", "of", "in", "on", "by", "with", "as", "after",
    "before", "at", "from", "someone", "else", "behalf", "first", "time",
    "are", "you", "status",
};

/* ------------------------------------------------------------------ */
/* Word lists with Zipf tables                                          */
/* ------------------------------------------------------------------ */

typedef struct {
    const char **w;
    unsigned char *len;
    int n;
    double *cdf;
} Words;

static void die(const char *msg)
{
    fprintf(stderr, "gen_kb: %s\n", msg);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Tokenize src lines on `sep` (' ' or '|'), dedupe, build Zipf 1/(r+q). */
static void words_load(Words *W, const char *const *src, char sep, double q)
{
    int cap = 64;
    W->w = xmalloc(sizeof(char *) * (size_t)cap);
    W->n = 0;
    for (int li = 0; src[li]; li++) {
        const char *p = src[li];
        while (*p) {
            while (*p == sep) p++;
            if (!*p) break;
            const char *e = p;
            while (*e && *e != sep) e++;
            size_t n = (size_t)(e - p);
            int dup = 0;
            for (int k = 0; k < W->n && !dup; k++)
                dup = strlen(W->w[k]) == n && memcmp(W->w[k], p, n) == 0;
            if (!dup) {
                if (W->n == cap) {
                    cap *= 2;
                    W->w = xrealloc(W->w, sizeof(char *) * (size_t)cap);
                }
                W->w[W->n++] = xstrndup(p, n);
            }
            p = e;
        }
    }
    W->len = xmalloc((size_t)W->n);
    W->cdf = xmalloc(sizeof(double) * (size_t)W->n);
    double acc = 0;
    for (int k = 0; k < W->n; k++) {
        W->len[k] = (unsigned char)strlen(W->w[k]);
        acc += 1.0 / ((double)k + 1.0 + q);
        W->cdf[k] = acc;
    }
    for (int k = 0; k < W->n; k++) W->cdf[k] /= acc;
}

static inline int words_pick(const Words *W, Rng *r)
{
    double u = rng_unit(r);
    int lo = 0, hi = W->n - 1;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (W->cdf[mid] > u) hi = mid; else lo = mid + 1;
    }
    return lo;
}

static Words V_DNOUN, V_TNOUN, V_DADJ, V_TVERB, V_TTAIL, V_TASPECT, V_TSTATE,
    V_CNOUN, V_CADJ, V_VERB, V_PART, V_DET, V_PREP, V_CONJ, V_PRON, V_MODAL,
    V_ADV;

static void vocab_init(void)
{
    words_load(&V_DNOUN, SRC_DNOUN, ' ', 1.0);
    words_load(&V_TNOUN, SRC_DNOUN, ' ', 12.0);  /* flatter: for titles */
    words_load(&V_DADJ, SRC_DADJ, ' ', 2.0);
    words_load(&V_TVERB, SRC_TVERB, '|', 3.0);
    words_load(&V_TTAIL, SRC_TTAIL, '|', 2.0);
    words_load(&V_TASPECT, SRC_TASPECT, ' ', 2.0);
    words_load(&V_TSTATE, SRC_TSTATE, ' ', 1.0);
    words_load(&V_CNOUN, SRC_CNOUN, ' ', 0.0);
    words_load(&V_CADJ, SRC_CADJ, ' ', 0.0);
    words_load(&V_VERB, SRC_VERB, ' ', 0.0);
    words_load(&V_PART, SRC_PART, ' ', 1.0);
    words_load(&V_DET, SRC_DET, ' ', 0.5);
    words_load(&V_PREP, SRC_PREP, ' ', 0.5);
    words_load(&V_CONJ, SRC_CONJ, ' ', 0.5);
    words_load(&V_PRON, SRC_PRON, ' ', -0.7);
    words_load(&V_MODAL, SRC_MODAL, '|', 0.5);
    words_load(&V_ADV, SRC_ADV, ' ', 1.0);
    if (V_DNOUN.n < 100) die("need at least 100 domain nouns");
}

/* ------------------------------------------------------------------ */
/* Output buffer                                                        */
/* ------------------------------------------------------------------ */

typedef struct { char *p; size_t n, cap; } Buf;

static void buf_reserve(Buf *b, size_t extra)
{
    if (b->n + extra <= b->cap) return;
    size_t c = b->cap ? b->cap : 4096;
    while (c < b->n + extra) c *= 2;
    b->p = xrealloc(b->p, c);
    b->cap = c;
}

static inline void buf_put(Buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static inline void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static inline void buf_putc(Buf *b, char c) { buf_reserve(b, 1); b->p[b->n++] = c; }

static void buf_putu(Buf *b, unsigned long v)
{
    char t[24];
    int k = 0;
    do { t[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (k) buf_putc(b, t[--k]);
}

static int count_words(const char *s, size_t n)
{
    int w = 0, in = 0;
    for (size_t k = 0; k < n; k++) {
        int sp = s[k] == ' ' || s[k] == '\n' || s[k] == '\t';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* Rare tokens: log-uniform index -> deterministic made-up token         */
/* ------------------------------------------------------------------ */

#define RARE_BITS 19

static uint64_t g_words, g_rare; /* statistics (first commit only) */
static int g_count_stats;

static int syl_name(uint64_t h, char *out, int cap)
{
    int nsyl = 2 + (int)(h % 3 == 0);
    int k = 0;
    h /= 3;
    for (int s = 0; s < nsyl; s++) {
        const char *y = SYL[h % NSYL];
        h /= NSYL;
        for (int j = 0; y[j] && k < cap - 1; j++) out[k++] = y[j];
    }
    out[0] = (char)(out[0] - 'a' + 'A');
    out[k] = 0;
    return k;
}

/* Writes a rare token for index k (type: -1 any, 2 surname, 3 street).
 * Returns its length; *nwords receives its word count. */
static int rare_token(uint64_t k, int type, char *out, int *nwords)
{
    uint64_t h = mix64(k * 0x9E3779B97F4A7C15ULL + 0x5bd1e995ULL);
    int t = type;
    if (t < 0) {
        int x = (int)(h % 100);
        t = x < 30 ? 0 : x < 45 ? 1 : x < 75 ? 2 : x < 90 ? 3 : 4;
    }
    h = mix64(h ^ (uint64_t)t);
    *nwords = 1;
    switch (t) {
    case 0: { /* form number: form-d1234 */
        int nd = 3 + (int)(h & 1);
        h >>= 1;
        int n = sprintf(out, "form-%c", (char)('a' + h % 26));
        h /= 26;
        unsigned v = (unsigned)(h % 10000);
        if (nd == 3) return n + sprintf(out + n, "%03u", v % 1000);
        return n + sprintf(out + n, "%04u", v);
    }
    case 1: { /* code: sch-17b, rx-204 */
        char a[4];
        int na = 2 + (int)(h & 1);
        h >>= 1;
        for (int j = 0; j < na; j++) { a[j] = (char)('a' + h % 26); h /= 26; }
        a[na] = 0;
        unsigned v = (unsigned)(h % 1000);
        h /= 1000;
        if (h & 1) return sprintf(out, "%s-%u%c", a, v, (char)('a' + (h >> 1) % 8));
        return sprintf(out, "%s-%u", a, v);
    }
    case 2: /* surname / place name */
        return syl_name(h, out, 40);
    case 3: { /* street name */
        int n = syl_name(h, out, 40);
        const char *s = STREET_KIND[(h >> 40) % 10];
        *nwords = 2;
        return n + sprintf(out + n, " %s", s);
    }
    default: { /* acronym: HRAP */
        int na = 3 + (int)(h % 3);
        h /= 3;
        for (int j = 0; j < na; j++) { out[j] = (char)('A' + h % 26); h /= 26; }
        out[na] = 0;
        return na;
    }
    }
}

static inline uint64_t rare_index(Rng *r)
{
    uint32_t b = rng_below(r, RARE_BITS);
    return ((uint64_t)1 << b) + rng_below(r, 1u << b);
}

/* ------------------------------------------------------------------ */
/* Sentences                                                            */
/* ------------------------------------------------------------------ */

static const char *const PATTERNS[] = {
    "Y M V D A? N W? .",
    "D A? N M be X W? .",
    "if Y V D N , Y M V D A? N W? .",
    "R , Y can V D N P D N .",
    "to V D A? N , V D N P D A? N .",
    "D N will V D A? N W? .",
    "Y do not need to V D N W? .",
    "there is no N P D A? N .",
    "D N is A P D N W? .",
    "please V D N P D N W? .",
    "Y M R? V D A? N P D N and D N .",
    "D N and D N M be X W? .",
    "when Y V D N , D N will V D N .",
    "contact D N if Y have D N P D N .",
    "keep D N P D N .",
    "V D A? N W? W? .",
    "this N does not V D N W? .",
    "it is A to V D N P D A? N .",
    "Y will need D N , D N and D A? N .",
    "C D N is X , Y M V D N W? .",
    "most N are X P D N .",
    "D N M V Y P D N W? .",
    "Y can R? V D N R .",
    "V D N .",
    "call D N .",
    "for D A? N , V D N P D N .",
    "D N M R? be X P D N C Y V D N .",
    "the N of D N is X P D N .",
    "Y may be asked to V D N W? .",
    "if Y have D N , V D N R? .",
    "D A? N M V D N P D N .",
    "Y can also V D N P D A? N W? .",
    "ask D N P D N .",
    "bring D N .",
    "check D N W? .",
    "we V D N W? .",
    "D N is X W? and M be X R? .",
    "there may be D A? N P D N C Y V D N .",
};
#define NPAT ((int)(sizeof PATTERNS / sizeof PATTERNS[0]))

static const char *const ITEM_PATTERNS[] = {
    "D A? N P D N",
    "proof of N",
    "a copy of D A? N",
    "D N number",
    "V D A? N",
    "V D N P D N",
    "D A? N",
};
#define NITEM ((int)(sizeof ITEM_PATTERNS / sizeof ITEM_PATTERNS[0]))

typedef struct { const char *s; int len; int words; } Tok;

typedef struct {
    Tok t[96];
    int n;
    int words;
    char scratch[2048];
    int sl;
} Sent;

static inline void sent_add(Sent *S, const char *s, int len, int words)
{
    if (S->n >= 96) return;
    S->t[S->n].s = s;
    S->t[S->n].len = len;
    S->t[S->n].words = words;
    S->n++;
    S->words += words;
}

static inline void sent_word(Sent *S, const Words *W, Rng *r)
{
    int k = words_pick(W, r);
    sent_add(S, W->w[k], W->len[k], 1);
}

/* Words of a multi-word phrase list element, e.g. "need to". */
static inline void sent_phrase(Sent *S, const Words *W, Rng *r)
{
    int k = words_pick(W, r);
    sent_add(S, W->w[k], W->len[k], count_words(W->w[k], W->len[k]));
}

static int g_rare_pct = 7; /* percent of noun slots that are rare tokens */

static void sent_noun(Sent *S, Rng *r, int domain_only)
{
    if (rng_below(r, 100) < (uint32_t)g_rare_pct && S->sl < (int)sizeof S->scratch - 64) {
        int nw;
        char *o = S->scratch + S->sl;
        int len = rare_token(rare_index(r), -1, o, &nw);
        S->sl += len + 1;
        sent_add(S, o, len, nw);
        if (g_count_stats) g_rare += (uint64_t)nw;
        return;
    }
    if (domain_only || rng_pct(r, 55)) sent_word(S, &V_DNOUN, r);
    else sent_word(S, &V_CNOUN, r);
}

static void sent_adj(Sent *S, Rng *r)
{
    if (rng_pct(r, 50)) sent_word(S, &V_DADJ, r);
    else sent_word(S, &V_CADJ, r);
}

/* Expand a pattern (space separated symbols) into S. */
static void expand(Sent *S, const char *pat, Rng *r)
{
    const char *p = pat;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ') e++;
        int n = (int)(e - p);
        int opt = n == 2 && p[1] == '?';
        char c = p[0];
        if (n == 1 || opt) {
            if (opt) {
                int pct = c == 'A' ? 40 : c == 'R' ? 30 : 45;
                if (!rng_pct(r, (uint32_t)pct)) { p = e; continue; }
            }
            switch (c) {
            case 'D': sent_word(S, &V_DET, r); break;
            case 'N': sent_noun(S, r, 0); break;
            case 'A': sent_adj(S, r); break;
            case 'V': sent_word(S, &V_VERB, r); break;
            case 'X': sent_word(S, &V_PART, r); break;
            case 'P': sent_word(S, &V_PREP, r); break;
            case 'C': sent_word(S, &V_CONJ, r); break;
            case 'Y': sent_word(S, &V_PRON, r); break;
            case 'M': sent_phrase(S, &V_MODAL, r); break;
            case 'R': sent_word(S, &V_ADV, r); break;
            case 'W': expand(S, "P D A? N", r); break;
            case ',': sent_add(S, ",", 1, 0); break;
            case '.': sent_add(S, ".", 1, 0); break;
            default: sent_add(S, p, n, 1); break;
            }
        } else {
            sent_add(S, p, n, 1);
        }
        p = e;
    }
}

/* Generate a sentence of at most maxw words (tries a few patterns,
 * truncates as a last resort). */
static void gen_sentence(Sent *S, Rng *r, int maxw)
{
    for (int attempt = 0; attempt < 8; attempt++) {
        S->n = 0; S->words = 0; S->sl = 0;
        expand(S, PATTERNS[rng_below(r, NPAT)], r);
        if (S->words <= maxw) return;
    }
    /* truncate */
    int w = 0, k = 0;
    for (; k < S->n; k++) {
        if (w + S->t[k].words > maxw) break;
        w += S->t[k].words;
    }
    while (k > 0 && S->t[k - 1].words == 0) k--;
    S->n = k;
    S->words = w;
    sent_add(S, ".", 1, 0);
}

static inline int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/* Append tokens to b; capitalize the first; fix a/an. */
static void emit_tokens(Buf *b, const Sent *S, int capitalize)
{
    for (int k = 0; k < S->n; k++) {
        const Tok *t = &S->t[k];
        int punct = t->words == 0 && (t->s[0] == ',' || t->s[0] == '.');
        if (k > 0 && !punct) buf_putc(b, ' ');
        size_t start = b->n;
        if (t->len == 1 && t->s[0] == 'a' && k + 1 < S->n && is_vowel(S->t[k + 1].s[0]))
            buf_put(b, "an", 2);
        else
            buf_put(b, t->s, (size_t)t->len);
        if (k == 0 && capitalize && b->p[start] >= 'a' && b->p[start] <= 'z')
            b->p[start] = (char)(b->p[start] - 'a' + 'A');
    }
}

static int sent_equal(const Sent *a, const Sent *b)
{
    if (a->n != b->n) return 0;
    for (int k = 0; k < a->n; k++)
        if (a->t[k].len != b->t[k].len || memcmp(a->t[k].s, b->t[k].s, (size_t)a->t[k].len))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Answers                                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *t[24]; /* title tokens (may contain spaces) */
    int nt;
    const char *tags[4];
    int ntags;
    const char *idword;
    int month, day;
} Hdr;

static uint64_t g_seed = 1;

static int topic_of(uint64_t i)
{
    return (int)(mix64(mix64(g_seed ^ 0x70706963ULL) + i * 0x9E3779B97F4A7C15ULL) % 100);
}

static int title_words(const Hdr *h)
{
    int w = 0;
    for (int k = 0; k < h->nt; k++) w += count_words(h->t[k], strlen(h->t[k]));
    return w;
}

static const char *pick_tnoun_distinct(Rng *r, const char **have, int nhave)
{
    for (int tries = 0; tries < 20; tries++) {
        const char *w = V_TNOUN.w[words_pick(&V_TNOUN, r)];
        int dup = 0;
        for (int k = 0; k < nhave; k++) dup |= have[k] == w;
        if (!dup) return w;
    }
    return NULL;
}

static void gen_header(uint64_t i, Rng *r, Hdr *h)
{
    int topic = topic_of(i);
    const char *theme = V_TNOUN.w[topic]; /* same strings as the title nouns */
    const char *nouns[4];
    int nn = 0;

    /* noun group: modifiers + head, e.g. "parking permit" */
    const char *head;
    if (rng_pct(r, 65)) {
        if (rng_pct(r, 50)) {
            head = theme;
            nouns[nn++] = head;
        } else {
            nouns[nn++] = theme;
            head = pick_tnoun_distinct(r, nouns, nn);
            if (!head) head = theme, nn = 0;
            nouns[nn++] = head;
        }
    } else {
        head = V_TNOUN.w[words_pick(&V_TNOUN, r)];
        nouns[nn++] = head;
    }
    int extra = (int)rng_below(r, 100);
    extra = extra < (nn > 1 ? 75 : 50) ? 0 : extra < 96 ? 1 : 2;
    const char *group[4];
    int ng = 0;
    for (int k = 0; k < extra && nn < 3; k++) {
        const char *m = pick_tnoun_distinct(r, nouns, nn);
        if (m) nouns[nn++] = m;
    }
    /* group order: extras first, then nouns[0..] as generated ("parking permit") */
    for (int k = 2; k < nn; k++) group[ng++] = nouns[k];
    for (int k = 0; k < nn && k < 2; k++) group[ng++] = nouns[k];

    const char *adj = rng_pct(r, 40) ? V_DADJ.w[words_pick(&V_DADJ, r)] : NULL;
    const char *verb = V_TVERB.w[words_pick(&V_TVERB, r)];
    const char *tail = rng_pct(r, 35) ? V_TTAIL.w[words_pick(&V_TTAIL, r)] : NULL;
    uint32_t dr = rng_below(r, 100);
    const char *det = dr < 50 ? "a" : dr < 85 ? "your" : "the";
    uint32_t tpl = rng_below(r, 100);
    const char *aspect1 = V_TASPECT.w[words_pick(&V_TASPECT, r)];
    const char *aspect2 = V_TASPECT.w[words_pick(&V_TASPECT, r)];
    if (aspect2 == aspect1) aspect2 = aspect1 == V_TASPECT.w[0] ? V_TASPECT.w[1] : V_TASPECT.w[0];
    const char *state = V_TSTATE.w[words_pick(&V_TSTATE, r)];

    /* adjust group size to get 5..10 words */
    for (int pass = 0; pass < 6; pass++) {
        h->nt = 0;
#define T(x) (h->t[h->nt++] = (x))
        switch (tpl < 45 ? 0 : tpl < 60 ? 1 : tpl < 72 ? 2 : tpl < 82 ? 3 : tpl < 92 ? 4 : 5) {
        case 0:
            T(verb); T(det); if (adj) T(adj);
            for (int k = 0; k < ng; k++) T(group[k]);
            if (tail) T(tail);
            break;
        case 1:
            T("how to"); T(verb); T(det); if (adj) T(adj);
            for (int k = 0; k < ng; k++) T(group[k]);
            if (tail) T(tail);
            break;
        case 2:
            if (adj) T(adj);
            for (int k = 0; k < ng; k++) T(group[k]);
            T(aspect1); T("and"); T(aspect2);
            if (tail) T(tail);
            break;
        case 3:
            T("what to do if your");
            for (int k = 0; k < ng; k++) T(group[k]);
            T("is"); T(state);
            break;
        case 4:
            T("who can"); T(verb); T(det); if (adj) T(adj);
            for (int k = 0; k < ng; k++) T(group[k]);
            if (tail) T(tail);
            break;
        default:
            T("check the status of your"); if (adj) T(adj);
            for (int k = 0; k < ng; k++) T(group[k]);
            if (tail) T(tail);
            break;
        }
#undef T
        int w = title_words(h);
        if (w >= 5 && w <= 10) break;
        if (w < 5) {
            if (!tail && tpl < 92 && !(tpl >= 72 && tpl < 82)) {
                tail = V_TTAIL.w[words_pick(&V_TTAIL, r)];
            } else if (!adj && !(tpl >= 72 && tpl < 82)) {
                adj = V_DADJ.w[words_pick(&V_DADJ, r)];
            } else if (ng < 3) {
                const char *m = pick_tnoun_distinct(r, group, ng);
                if (m) {
                    memmove(group + 1, group, sizeof(group[0]) * (size_t)ng);
                    group[0] = m;
                    ng++;
                }
            } else {
                tpl = 0; /* fall back to the imperative form */
            }
        } else {
            if (tail) tail = NULL;
            else if (adj) adj = NULL;
            else if (ng > 1) { memmove(group, group + 1, sizeof(group[0]) * (size_t)(ng - 1)); ng--; }
            else tpl = 0;
        }
    }
    h->idword = group[ng - 1];

    /* tags: 2-4 distinct single words */
    int want = 2 + (int)rng_below(r, 3);
    h->ntags = 0;
    h->tags[h->ntags++] = group[ng - 1];
    if (rng_pct(r, 70) && theme != group[ng - 1]) h->tags[h->ntags++] = theme;
    for (int k = ng - 2; k >= 0 && h->ntags < want; k--) {
        int dup = 0;
        for (int j = 0; j < h->ntags; j++) dup |= h->tags[j] == group[k];
        if (!dup) h->tags[h->ntags++] = group[k];
    }
    for (int guard = 0; h->ntags < want && guard < 40; guard++) {
        const char *w = V_TNOUN.w[words_pick(&V_TNOUN, r)];
        int dup = 0;
        for (int j = 0; j < h->ntags; j++) dup |= h->tags[j] == w;
        if (!dup) h->tags[h->ntags++] = w;
    }
    if (h->ntags > want) h->ntags = want;

    h->month = 1 + (int)rng_below(r, 12);
    h->day = 1 + (int)rng_below(r, 28);
}

static const char *const STANDARD_T[] = {
    "Processed within %d working days.",
    "Reply within %d business days.",
    "Decision within %d weeks of a complete application.",
    "Same-day service at the counter.",
    "Appointments available within %d days.",
    "Refunds issued within %d days.",
    "Calls answered within %d minutes.",
    "Most requests resolved on first contact.",
    "Written answer within %d working days.",
    "Inspection booked within %d days of the request.",
};
static const int STANDARD_N[] = { 2, 3, 5, 7, 10, 14, 15, 20, 30 };

static void write_title(Buf *b, const Hdr *h)
{
    for (int k = 0; k < h->nt; k++) {
        if (k) buf_putc(b, ' ');
        size_t s = b->n;
        if (!strcmp(h->t[k], "a") && k + 1 < h->nt && is_vowel(h->t[k + 1][0]))
            buf_puts(b, "an");
        else
            buf_puts(b, h->t[k]);
        if (k == 0 && b->p[s] >= 'a' && b->p[s] <= 'z') b->p[s] = (char)(b->p[s] - 'a' + 'A');
        else if (k > 0 && b->p[s] >= 'A' && b->p[s] <= 'Z') b->p[s] = (char)(b->p[s] - 'A' + 'a');
    }
}

/* A paragraph sentence; in change mode the target sentence is replaced. */
typedef struct {
    int sentence_no;   /* body sentences emitted so far */
    int target;        /* sentence to replace, -1 none */
    Rng alt;
} Change;

static int body_sentence(Buf *b, Rng *r, int maxw, Change *c, int first_in_para)
{
    static Sent S, R;
    gen_sentence(&S, r, maxw);
    const Sent *out = &S;
    if (c && c->sentence_no == c->target) {
        int lo = S.words - 4 < 3 ? 3 : S.words - 4;
        for (int attempt = 0; attempt < 60; attempt++) {
            gen_sentence(&R, &c->alt, S.words);
            if (R.words >= lo && !sent_equal(&R, &S)) break;
        }
        if (sent_equal(&R, &S)) { /* practically impossible; force a change */
            R.n = 0; R.words = 0; R.sl = 0;
            expand(&R, "please V D N .", &c->alt);
            sent_add(&R, "Updated.", 8, 1);
        }
        out = &R;
    }
    if (c) c->sentence_no++;
    if (!first_in_para) buf_putc(b, ' ');
    emit_tokens(b, out, 1);
    return S.words;
}

static void section_text(Buf *b, Rng *r, int kind)
{
    char name[64], name2[64];
    int nw;
    rare_token(rare_index(r), 2, name, &nw);
    rare_token(rare_index(r), 3, name2, &nw);
    char line[256];
    unsigned ext = 100 + rng_below(r, 900);
    unsigned phone = rng_below(r, 100);
    uint32_t v = rng_below(r, 3);
    const char *n1 = V_DNOUN.w[words_pick(&V_DNOUN, r)];
    switch (kind) {
    case 0:
        if (v == 0) snprintf(line, sizeof line, "Call 555-01%02u, Monday to Friday, 8:30 to 4:30.", phone);
        else if (v == 1) snprintf(line, sizeof line, "Call the %s helpline at 555-01%02u and choose option %u.", name, phone, 1 + ext % 6);
        else snprintf(line, sizeof line, "Phone 555-01%02u extension %u and ask for the %s team.", phone, ext, n1);
        break;
    case 1:
        if (v == 0) snprintf(line, sizeof line, "Email %s@example.gov with your %s number.", n1, V_DNOUN.w[words_pick(&V_DNOUN, r)]);
        else if (v == 1) snprintf(line, sizeof line, "Write to %s-help@example.gov and attach a copy of your %s.", n1, V_DNOUN.w[words_pick(&V_DNOUN, r)]);
        else snprintf(line, sizeof line, "Send your questions to %s.office@example.gov; we reply within %u days.", n1, 2 + ext % 9);
        break;
    default:
        if (v == 0) snprintf(line, sizeof line, "Visit the %s office at %u %s, Monday to Friday, 9 to 4.", name, 1 + ext % 250, name2);
        else if (v == 1) snprintf(line, sizeof line, "Walk-in service is available at %s Hall, room %u.", name, ext);
        else snprintf(line, sizeof line, "Bring your documents to the counter at %u %s.", 1 + ext % 400, name2);
        break;
    }
    buf_puts(b, line);
    if (rng_pct(r, 50)) {
        Sent S;
        gen_sentence(&S, r, 18);
        buf_putc(b, ' ');
        emit_tokens(b, &S, 1);
    }
}

/* Generate answer i into b. change: NULL for the original; otherwise the
 * review date and one body sentence are changed. Returns the number of
 * body sentences. */
static int gen_answer(uint64_t i, Buf *b, Hdr *h, Change *change)
{
    Rng r = rng_make(g_seed, i, 0);
    gen_header(i, &r, h);
    int month = h->month, day = h->day;
    if (change) {
        int m2, d2;
        do {
            m2 = 1 + (int)rng_below(&change->alt, 12);
            d2 = 1 + (int)rng_below(&change->alt, 28);
        } while (m2 == month && d2 == day);
        month = m2;
        day = d2;
    }
    uint32_t st = rng_below(&r, (uint32_t)(sizeof STANDARD_T / sizeof STANDARD_T[0]));
    int stn = STANDARD_N[rng_below(&r, (uint32_t)(sizeof STANDARD_N / sizeof STANDARD_N[0]))];

    b->n = 0;
    buf_puts(b, "---\ntitle: ");
    write_title(b, h);
    buf_puts(b, "\ntags: ");
    for (int k = 0; k < h->ntags; k++) {
        if (k) buf_puts(b, ", ");
        buf_puts(b, h->tags[k]);
    }
    char tmp[160];
    snprintf(tmp, sizeof tmp, "\nlang: en\nreview-by: 2027-%02d-%02d\nstandard: ", month, day);
    buf_puts(b, tmp);
    snprintf(tmp, sizeof tmp, STANDARD_T[st], stn);
    buf_puts(b, tmp);
    buf_puts(b, "\n---\n");

    /* body */
    int target = 80 + (int)rng_below(&r, 321); /* 80..400 */
    static Buf list, sect;
    list.n = 0;
    sect.n = 0;
    int has_list = rng_pct(&r, 30);
    int has_sect = rng_pct(&r, 40);
    if (has_list) {
        static const char *const intro[] = {
            "You will need:", "Bring the following:", "Before you apply, check that you have:",
            "What to include:", "Steps:", "Have these ready:",
        };
        buf_puts(&list, intro[rng_below(&r, 6)]);
        buf_puts(&list, "\n\n");
        int items = 3 + (int)rng_below(&r, 4);
        for (int k = 0; k < items; k++) {
            Sent S;
            S.n = S.words = S.sl = 0;
            expand(&S, ITEM_PATTERNS[rng_below(&r, NITEM)], &r);
            buf_puts(&list, "- ");
            emit_tokens(&list, &S, 1);
            buf_putc(&list, '\n');
        }
        buf_putc(&list, '\n');
    }
    if (has_sect) {
        static const char *const heads[] = { "## Phone\n\n", "## Email\n\n", "## Walk-in\n\n" };
        for (int k = 0; k < 3; k++) {
            buf_puts(&sect, heads[k]);
            section_text(&sect, &r, k);
            buf_puts(&sect, k < 2 ? "\n\n" : "\n");
        }
    }
    int fixed = count_words(list.p, list.n) + count_words(sect.p, sect.n);
    int budget = target - fixed;
    if (budget < 30) budget = 30;
    int hard = 400 - fixed; /* never exceed 400 body words */
    if (budget > hard) budget = hard;
    int npara = 2 + (int)rng_below(&r, 5);
    int maxp = budget / 14;
    if (npara > maxp) npara = maxp < 2 ? 2 : maxp;
    int list_after = has_list ? (int)rng_below(&r, (uint32_t)(npara < 3 ? npara : 3)) : -1;

    int total = 0, sentences = 0;
    for (int p = 0; p < npara; p++) {
        int quota = (budget - total) / (npara - p);
        if (p < npara - 1) quota = quota * (70 + (int)rng_below(&r, 61)) / 100;
        int pw = 0, first = 1;
        while ((p < npara - 1 ? pw < quota : total < budget) || first) {
            int maxw = hard - total;
            if (maxw > 30) maxw = 30;
            if (maxw < 1) break;
            int w = body_sentence(b, &r, maxw, change, first);
            sentences++;
            first = 0;
            pw += w;
            total += w;
        }
        buf_puts(b, "\n\n");
        if (p == list_after) buf_put(b, list.p, list.n);
    }
    if (has_sect) buf_put(b, sect.p, sect.n);
    else b->n--; /* single trailing newline */
    if (g_count_stats && !change) g_words += (uint64_t)(fixed + total);
    return sentences;
}

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

static int g_flat;

static void write_path(Buf *b, uint64_t i, const Hdr *h)
{
    buf_puts(b, "answers/");
    if (!g_flat) {
        char t[16];
        snprintf(t, sizeof t, "topic-%02d/", topic_of(i));
        buf_puts(b, t);
    }
    buf_putc(b, 'a');
    buf_putu(b, (unsigned long)(i + 1));
    buf_putc(b, '-');
    buf_puts(b, h->idword);
    buf_puts(b, ".md");
}

static void emit_commit_header(const char *msg, long ts)
{
    printf("commit refs/heads/main\n"
           "author Bench <bench@example.invalid> %ld +0000\n"
           "committer Bench <bench@example.invalid> %ld +0000\n"
           "data %zu\n%s\n",
           ts, ts, strlen(msg) + 1, msg);
}

static void emit_file(uint64_t i, Buf *content, const Hdr *h)
{
    static Buf path;
    path.n = 0;
    write_path(&path, i, h);
    fputs("M 100644 inline ", stdout);
    fwrite(path.p, 1, path.n, stdout);
    printf("\ndata %zu\n", content->n);
    fwrite(content->p, 1, content->n, stdout);
    putchar('\n');
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* K answers, round-robin over topic folders, shuffled within each. */
static uint64_t *choose_changes(uint64_t count, uint64_t K)
{
    uint64_t *start = xmalloc(sizeof(uint64_t) * 101);
    uint64_t *idx = xmalloc(sizeof(uint64_t) * count);
    uint64_t cnt[100] = { 0 };
    for (uint64_t i = 0; i < count; i++) cnt[topic_of(i)]++;
    start[0] = 0;
    for (int t = 0; t < 100; t++) start[t + 1] = start[t] + cnt[t];
    uint64_t fill[100];
    for (int t = 0; t < 100; t++) fill[t] = start[t];
    for (uint64_t i = 0; i < count; i++) idx[fill[topic_of(i)]++] = i;
    Rng r = rng_make(g_seed, 0xC4A96E, 1);
    for (int t = 0; t < 100; t++) /* Fisher-Yates within the topic */
        for (uint64_t k = cnt[t]; k > 1; k--) {
            uint64_t j = rng_next(&r) % k;
            uint64_t a = idx[start[t] + k - 1];
            idx[start[t] + k - 1] = idx[start[t] + j];
            idx[start[t] + j] = a;
        }
    uint64_t *sel = xmalloc(sizeof(uint64_t) * (K ? K : 1));
    uint64_t used[100] = { 0 }, n = 0;
    int t = (int)rng_below(&r, 100);
    while (n < K) {
        if (used[t] < cnt[t]) sel[n++] = idx[start[t] + used[t]++];
        t = (t + 1) % 100;
    }
    free(idx);
    free(start);
    qsort(sel, (size_t)K, sizeof(uint64_t), cmp_u64);
    return sel;
}

static void add_words_lower(char *q, int *nw, const char *s, int maxw)
{
    /* append the words of s (space separated) to q, lower case */
    const char *p = s;
    while (*p && *nw < maxw) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ') e++;
        size_t L = strlen(q);
        if (L) q[L++] = ' ';
        for (const char *c = p; c < e; c++)
            q[L++] = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        q[L] = 0;
        (*nw)++;
        p = e;
    }
}

static int is_stop(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof Q_STOP / sizeof Q_STOP[0]; k++)
        if (strlen(Q_STOP[k]) == n && memcmp(Q_STOP[k], w, n) == 0) return 1;
    return 0;
}

/* content words of the title (lower case) into words[][32] */
static int title_content(const Hdr *h, char words[][32], int max)
{
    int n = 0;
    for (int k = 0; k < h->nt; k++) {
        const char *p = h->t[k];
        while (*p) {
            while (*p == ' ') p++;
            if (!*p) break;
            const char *e = p;
            while (*e && *e != ' ') e++;
            size_t L = (size_t)(e - p);
            char lw[32];
            if (L < sizeof lw) {
                for (size_t c = 0; c < L; c++)
                    lw[c] = (p[c] >= 'A' && p[c] <= 'Z') ? (char)(p[c] - 'A' + 'a') : p[c];
                lw[L] = 0;
                if (!is_stop(lw, L) && n < max) memcpy(words[n++], lw, L + 1);
            }
            p = e;
        }
    }
    return n;
}

static void write_queries(const char *file, uint64_t count)
{
    FILE *f = fopen(file, "w");
    if (!f) { perror(file); exit(2); }
    Rng q = rng_make(g_seed, 0x51554552ULL, 2);
    for (int n = 0; n < 200; n++) {
        uint64_t j = (uint64_t)(rng_next(&q) % count);
        Rng r = rng_make(g_seed, j, 0);
        Hdr h;
        gen_header(j, &r, &h);
        char cw[24][32];
        int ncw = title_content(&h, cw, 24);
        char out[256] = "";
        int nw = 0;
        uint32_t kind = rng_below(&q, 100);
        if (kind < 55 && ncw > 0) { /* words from the title */
            int want = 1 + (int)rng_below(&q, ncw < 4 ? (uint32_t)ncw : 4u);
            int startw = (int)rng_below(&q, (uint32_t)(ncw - want + 1));
            if (want == 1) /* a lone word: the main noun, not "check" or "online" */
                add_words_lower(out, &nw, h.idword, 5);
            else
                for (int k = 0; k < want; k++) add_words_lower(out, &nw, cw[startw + k], 5);
            if (nw < 5 && rng_pct(&q, 30)) {
                const char *t = h.tags[rng_below(&q, (uint32_t)h.ntags)];
                if (!strstr(out, t)) add_words_lower(out, &nw, t, 5);
            }
        } else if (kind < 70) { /* tags */
            int want = 1 + (int)rng_below(&q, (uint32_t)h.ntags);
            int s = (int)rng_below(&q, (uint32_t)h.ntags);
            for (int k = 0; k < want; k++) add_words_lower(out, &nw, h.tags[(s + k) % h.ntags], 5);
        } else if (kind < 91) { /* everyday words mixed in */
            int pre = rng_pct(&q, 70);
            if (pre) add_words_lower(out, &nw, Q_PREFIX[rng_below(&q, sizeof Q_PREFIX / sizeof Q_PREFIX[0])], 5);
            int avail = 5 - nw - (pre ? 0 : 1);
            int want = 1 + (int)rng_below(&q, 2);
            if (want > avail) want = avail < 1 ? 1 : avail;
            if (want > h.ntags) want = h.ntags;
            int s = (int)rng_below(&q, (uint32_t)h.ntags);
            for (int k = 0; k < want; k++) add_words_lower(out, &nw, h.tags[(s + k) % h.ntags], 5);
            if (!pre) add_words_lower(out, &nw, Q_SUFFIX[rng_below(&q, sizeof Q_SUFFIX / sizeof Q_SUFFIX[0])], 5);
        } else { /* pure common words */
            add_words_lower(out, &nw, Q_COMMON[rng_below(&q, sizeof Q_COMMON / sizeof Q_COMMON[0])], 5);
        }
        if (nw == 0) add_words_lower(out, &nw, h.tags[0], 5);
        fprintf(f, "%s\n", out);
    }
    if (fclose(f) != 0) { perror(file); exit(2); }
}

/* ------------------------------------------------------------------ */
/* Pasted emails                                                        */
/* ------------------------------------------------------------------ */

static const char *const E_GREETING[] = {
    "Hi,", "Hello,", "Dear Sir or Madam,", "Good morning,", "Hi there,",
    "To whom it may concern,",
};
static const char *const E_OPENING[] = {
    "I am writing about my", "I have a question about my", "I need help with my",
    "I have been trying to sort out my", "A neighbour told me to email you about my",
};
static const char *const E_CLOSING[] = {
    "Thanks in advance for your help.", "I look forward to hearing from you.",
    "Please let me know what I should do next.", "Any help would be appreciated.",
};
static const char *const E_SIGNOFF[] = {
    "Kind regards,", "Best wishes,", "Thanks,", "Sincerely,", "Regards,",
};
#define PICK(a, r) ((a)[rng_below((r), (uint32_t)(sizeof(a) / sizeof((a)[0])))])

/* One email of about `target` words about answer j, on one line. */
static void write_email(Buf *b, Rng *q, uint64_t j, int target)
{
    static Sent S;
    Rng r = rng_make(g_seed, j, 0);
    Hdr h;
    char cw[24][32], name[48];
    int ncw, words, mentioned = 0;

    gen_header(j, &r, &h);
    ncw = title_content(&h, cw, 24);
    b->n = 0;
    buf_puts(b, PICK(E_GREETING, q));
    buf_putc(b, ' ');
    buf_puts(b, PICK(E_OPENING, q));
    for (int k = 0; k < ncw && k < 4; k++) {
        buf_putc(b, ' ');
        buf_puts(b, cw[k]);
    }
    buf_puts(b, ".");
    words = count_words(b->p, b->n);
    while (words < target - 20) {
        gen_sentence(&S, q, 25);
        buf_putc(b, ' ');
        emit_tokens(b, &S, 1);
        words += S.words;
        if (!mentioned && words > target / 2) {
            buf_puts(b, " It is about the ");
            buf_puts(b, h.tags[rng_below(q, (uint32_t)h.ntags)]);
            buf_puts(b, " again.");
            words += 5;
            mentioned = 1;
        }
    }
    buf_putc(b, ' ');
    buf_puts(b, PICK(E_CLOSING, q));
    buf_putc(b, ' ');
    buf_puts(b, PICK(E_SIGNOFF, q));
    syl_name(rng_next(q), name, (int)sizeof name);
    buf_putc(b, ' ');
    buf_puts(b, name);
    buf_putc(b, '\n');
}

/* 50 pasted customer emails (greeting, sentences in the KB's vocabulary
 * naming an answer's title words and a tag, sign-off), 280-320 words. */
static void write_emails(const char *file, uint64_t count)
{
    FILE *f = fopen(file, "w");
    Rng q = rng_make(g_seed, 0x454D41494CULL, 3);
    Buf b = { 0 };

    if (!f) { perror(file); exit(2); }
    for (int n = 0; n < 50; n++) {
        uint64_t j = (uint64_t)(rng_next(&q) % count);
        write_email(&b, &q, j, 280 + (int)rng_below(&q, 41));
        fwrite(b.p, 1, b.n, f);
    }
    free(b.p);
    if (fclose(f) != 0) { perror(file); exit(2); }
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: gen_kb [--count N] [--layout folders|flat] [--seed S] [--changes K]\n"
        "              [--queries FILE] [--emails FILE] [--stats] [--vocab] [--help]\n"
        "\n"
        "Print a git fast-import stream of a synthetic kb repository on stdout:\n"
        "  git init -q -b main R && gen_kb --count 100000 | git -C R fast-import --quiet\n"
        "\n"
        "  --count N       number of answers (default 1000)\n"
        "  --layout L      folders: answers/topic-NN/<id>.md (100 folders, default)\n"
        "                  flat:    answers/<id>.md\n"
        "  --seed S        PRNG seed (default 1); output is a pure function of the options\n"
        "  --changes K     second commit modifying K answers (default 10; 0: none)\n"
        "  --queries FILE  also write 200 typed queries, one per line, to FILE\n"
        "  --emails FILE   only write 50 pasted emails of about 300 words, one per\n"
        "                  line, about answers of this KB, to FILE\n"
        "  --stats         print word statistics to stderr\n"
        "  --vocab         print the embedded vocabulary, one word per line, and exit\n"
        "  --help          show this help\n");
}

static uint64_t parse_u64(const char *opt, const char *s)
{
    char *e;
    if (!s || !*s || *s == '-') { fprintf(stderr, "gen_kb: %s needs a number\n", opt); exit(2); }
    unsigned long long v = strtoull(s, &e, 10);
    if (*e) { fprintf(stderr, "gen_kb: bad number for %s: %s\n", opt, s); exit(2); }
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t count = 1000, changes = 10;
    const char *queries = NULL, *emails = NULL;
    int stats = 0, vocab = 0;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        const char *val = NULL;
        char name[32];
        const char *eq = strchr(o, '=');
        if (eq && (size_t)(eq - o) < sizeof name) {
            memcpy(name, o, (size_t)(eq - o));
            name[eq - o] = 0;
            val = eq + 1;
            o = name;
        }
#define ARG() (val ? val : (a + 1 < argc ? argv[++a] : NULL))
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) { usage(stdout); return 0; }
        else if (!strcmp(o, "--count")) count = parse_u64(o, ARG());
        else if (!strcmp(o, "--seed")) g_seed = parse_u64(o, ARG());
        else if (!strcmp(o, "--changes")) changes = parse_u64(o, ARG());
        else if (!strcmp(o, "--queries")) { queries = ARG(); if (!queries) die("--queries needs a file"); }
        else if (!strcmp(o, "--emails")) { emails = ARG(); if (!emails) die("--emails needs a file"); }
        else if (!strcmp(o, "--layout")) {
            const char *l = ARG();
            if (l && !strcmp(l, "flat")) g_flat = 1;
            else if (l && !strcmp(l, "folders")) g_flat = 0;
            else die("--layout must be folders or flat");
        }
        else if (!strcmp(o, "--stats")) stats = 1;
        else if (!strcmp(o, "--vocab")) vocab = 1;
        else { fprintf(stderr, "gen_kb: unknown option %s\n", argv[a]); usage(stderr); return 2; }
#undef ARG
    }
    vocab_init();
    if (vocab) {
        const Words *all[] = { &V_DNOUN, &V_DADJ, &V_TVERB, &V_TTAIL, &V_TASPECT, &V_TSTATE,
                               &V_CNOUN, &V_CADJ, &V_VERB, &V_PART, &V_DET, &V_PREP,
                               &V_CONJ, &V_PRON, &V_MODAL, &V_ADV };
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
            for (int j = 0; j < all[k]->n; j++) puts(all[k]->w[j]);
        return 0;
    }
    if (count < 1 || count > 100000000ULL) die("--count must be between 1 and 100000000");
    if (changes > count) die("--changes must not exceed --count");
    g_count_stats = stats;

    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);

    if (emails) { write_emails(emails, count); return 0; }
    if (queries) write_queries(queries, count);

    Buf content = { 0 };
    Hdr h;
    printf("feature done\n");
    emit_commit_header("Initial synthetic KB", 1767225600L);
    for (uint64_t i = 0; i < count; i++) {
        gen_answer(i, &content, &h, NULL);
        emit_file(i, &content, &h);
    }
    g_count_stats = 0;
    if (changes > 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "Change %llu answers", (unsigned long long)changes);
        emit_commit_header(msg, 1767225600L + 86400L);
        uint64_t *sel = choose_changes(count, changes);
        for (uint64_t k = 0; k < changes; k++) {
            uint64_t i = sel[k];
            int nsent = gen_answer(i, &content, &h, NULL);
            Change c;
            c.alt = rng_make(g_seed, i, 0xC4A96EULL);
            c.sentence_no = 0;
            c.target = (int)rng_below(&c.alt, (uint32_t)(nsent > 0 ? nsent : 1));
            gen_answer(i, &content, &h, &c);
            emit_file(i, &content, &h);
        }
        free(sel);
    }
    printf("done\n");
    if (fflush(stdout) != 0 || ferror(stdout)) { perror("gen_kb: stdout"); return 1; }
    if (stats)
        fprintf(stderr, "gen_kb: %llu body words, %llu rare-token words (%.2f%%)\n",
                (unsigned long long)g_words, (unsigned long long)g_rare,
                g_words ? 100.0 * (double)g_rare / (double)g_words : 0.0);
    free(content.p);
    return 0;
}
