#!/bin/sh
# kbsync over real https: nginx on 127.0.0.1 (a random high port) with a
# certificate from a CA the test makes, basic auth, and git-http-backend
# through fcgiwrap, push enabled.  The CA is trusted only once named
# (GIT_SSL_CAINFO, http.sslCAInfo); before, a message says so.  The
# password comes from git's credential helper (store, in a file of the
# test's) or from a token file named by kb.tokenFile, never from the
# address: an address with a password is refused, and the password is in
# no output and no file of the office's.  A wrong password is rejected at
# the helper and said; a token file others can read is refused.  With the
# example pre-receive hook at the centre (the pusher is nginx's
# REMOTE_USER), a push under another office's login shows the hook's
# own words (exit 4).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

NGINX=/usr/sbin/nginx
FCGIWRAP=/usr/sbin/fcgiwrap
BACKEND=$(git --exec-path)/git-http-backend
for _p in "$NGINX" "$FCGIWRAP" "$BACKEND" openssl; do
	command -v "$_p" >/dev/null 2>&1 || {
		echo "SKIP: $(basename "$0" .sh) needs $_p (Debian: nginx-light, fcgiwrap, openssl, git)" >&2
		exit 0
	}
done
[ -r /etc/nginx/fastcgi_params ] || {
	echo "SKIP: $(basename "$0" .sh) needs /etc/nginx/fastcgi_params (Debian: nginx-common)" >&2
	exit 0
}

# Which CAs are trusted is the test's to say, not the machine's.
unset GIT_SSL_CAINFO GIT_SSL_CAPATH SSL_CERT_FILE SSL_CERT_DIR
www=$tmp/www
mkdir -p "$www"
pw=Pw-north-7f3a9c
east_pw=Pw-east-41be02

note "a CA of the test's, and the centre's certificate from it"
# EC keys: quick to make.  localhost: mbedTLS 2 (Debian's libgit2)
# matches a name, not an IP address, in a certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$www/ca.key" -out "$www/ca.pem" -days 30 -subj "/CN=kb test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
    fail "openssl: the CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$www/server.key" -out "$www/server.csr" -subj "/CN=localhost" \
    2>/dev/null || fail "openssl: the request"
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" >"$www/server.ext"
openssl x509 -req -in "$www/server.csr" -CA "$www/ca.pem" -CAkey "$www/ca.key" \
    -CAcreateserial -out "$www/server.pem" -days 30 -extfile "$www/server.ext" \
    2>/dev/null || fail "openssl: the certificate"
ca=$www/ca.pem
printf 'north:%s\neast:%s\n' "$(openssl passwd -apr1 "$pw")" \
    "$(openssl passwd -apr1 "$east_pw")" >"$www/htpasswd"

fcgi_pid=""
nginx_pid=""
servers_stop() {
	for _p in $nginx_pid $fcgi_pid; do
		kill "$_p" 2>/dev/null || true
		_i=0
		while running "$_p" && [ $_i -lt 200 ]; do
			sleep 0.05
			_i=$((_i + 1))
		done
		kill -9 "$_p" 2>/dev/null || true
		wait "$_p" 2>/dev/null || true
	done
	nginx_pid="" fcgi_pid=""
}
at_exit servers_stop

make_centre
# git-http-backend runs as this user, in repositories this user owns.
"$FCGIWRAP" -s "unix:$www/fcgiwrap.sock" </dev/null >>"$www/fcgiwrap.log" 2>&1 &
fcgi_pid=$!
_i=0
while [ ! -S "$www/fcgiwrap.sock" ] && [ $_i -lt 200 ] && running "$fcgi_pid"; do
	sleep 0.05
	_i=$((_i + 1))
done
[ -S "$www/fcgiwrap.sock" ] || fail "fcgiwrap did not start: $(cat "$www/fcgiwrap.log")"

nginx_start() {
	_try=0
	while [ $_try -lt 5 ]; do
		_try=$((_try + 1))
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		cat >"$www/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
error_log $www/error.log;
pid $www/nginx.pid;
events { worker_connections 64; }
http {
	access_log $www/access.log;
	client_body_temp_path $www/body;
	fastcgi_temp_path $www/fastcgi;
	proxy_temp_path $www/proxy;
	uwsgi_temp_path $www/uwsgi;
	scgi_temp_path $www/scgi;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$port ssl;
		server_name localhost;
		ssl_certificate $www/server.pem;
		ssl_certificate_key $www/server.key;
		location / {
			auth_basic "kb centre";
			auth_basic_user_file $www/htpasswd;
			include /etc/nginx/fastcgi_params;
			fastcgi_param SCRIPT_FILENAME $BACKEND;
			fastcgi_param GIT_PROJECT_ROOT $tmp;
			fastcgi_param GIT_HTTP_EXPORT_ALL "";
			fastcgi_param PATH_INFO \$uri;
			fastcgi_param REMOTE_USER \$remote_user;
			fastcgi_pass unix:$www/fcgiwrap.sock;
		}
	}
}
EOF
		"$NGINX" -p "$www" -c "$www/nginx.conf" </dev/null \
		    >>"$www/nginx.log" 2>&1 &
		nginx_pid=$!
		_i=0
		while [ $_i -lt 200 ] && running "$nginx_pid"; do
			if openssl s_client -connect "127.0.0.1:$port" \
			    -servername localhost </dev/null >/dev/null 2>&1; then
				return 0
			fi
			sleep 0.05
			_i=$((_i + 1))
		done
		kill -9 "$nginx_pid" 2>/dev/null || true
		wait "$nginx_pid" 2>/dev/null || true
		nginx_pid=""
	done
	fail "nginx did not start: $(tail -n 5 "$www/error.log" "$www/nginx.log" 2>/dev/null)"
}
nginx_start

base=https://localhost:$port/central.git
url=https://north@localhost:$port/central.git
o=$tmp/north
creds=$tmp/git-credentials

# kbx WANT CMD...: expect_status, and every output kept, to look for the
# password in at the end.
kbx() {
	expect_status "$@"
	printf '%s\n%s\n' "$out" "$err" >>"$tmp/all-output"
}

note "the centre's CA unknown: the certificate message"
kbx 1 kb --office North init --remote "$url" --quiet "$o"
expect_contains "$err" "the centre's https certificate is not trusted" "no CA: said"
expect_contains "$err" "git config http.sslCAInfo FILE" "no CA: what to do"
[ ! -e "$o" ] || fail "kb init --remote left $o"

note "the CA named, no credential helper: what to set up"
GIT_SSL_CAINFO=$ca kbx 1 kb --office North init --remote "$url" --quiet "$o"
expect_contains "$err" "the centre at $url asks for a user name and password, and no git credential helper gave them" \
    "no helper: said"
expect_contains "$err" "kb.tokenFile" "no helper: the token file is named"

note "a password in the address is refused, and never shown"
kbx 1 kb --office North init --remote "https://north:$pw@localhost:$port/central.git" \
    --quiet "$o"
expect_contains "$err" "https://north:***@localhost:$port/central.git holds a password" \
    "refused, shown without it"
expect_contains "$err" "credential helper or kb.tokenFile" "refused: what to use"
[ ! -e "$o" ] || fail "kb init --remote left $o"

note "http.sslCAInfo and git's credential helper: the office is made and syncs"
git config --global http.sslCAInfo "$ca"
git config --global credential.helper "store --file=$creds"
printf 'https://north:%s@localhost:%s\n' "$pw" "$port" >"$creds"
chmod 600 "$creds"
kbx 0 kb --office North init --remote "$url" --quiet "$o"
expect_eq "$url" "$(git -C "$o" remote get-url origin)" "origin: the address, no password"
kbx 0 kb --kb "$o" --agent ann use dog-licence --channel phone
kbx 0 kbsync --kb "$o"
expect_match "$out" "^centre     https://north@localhost:$port/central.git \\(office north" "the centre line"
expect_match "$out" "^usage      1 event sent\$" "the event went"
expect_eq "" "$err" "nothing on stderr"

note "the CA from the office's own config, or GIT_SSL_CAINFO; none: refused"
git config --global --unset http.sslCAInfo
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
kbx 1 kbsync --kb "$o"
expect_eq "" "$out" "untrusted: nothing on stdout"
expect_contains "$err" "kbsync: the centre's https certificate is not trusted (" "untrusted: said"
expect_contains "$err" "checked against the system's CAs" "untrusted: against what"
cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" || fail "untrusted: last-sync was rewritten"
GIT_SSL_CAINFO=$ca kbx 0 kbsync --kb "$o"
git -C "$o" config http.sslCAInfo "$ca"
kbx 0 kbsync --kb "$o"
git -C "$o" config http.sslCAInfo "$tmp/no-such-ca.pem"
kbx 1 kbsync --kb "$o"
expect_contains "$err" "http.sslCAInfo $tmp/no-such-ca.pem: no such file" "a CA file that is not there"
git -C "$o" config http.sslCAInfo "$ca"

note "a wrong password from the helper: refused, and rejected at the helper"
printf 'https://north:%s@localhost:%s\n' "wrong-$pw" "$port" >"$creds"
kbx 1 kbsync --kb "$o"
expect_eq "" "$out" "wrong password: nothing on stdout"
expect_contains "$err" "the centre at $url refused the password for user north that git's credential helper gave" \
    "wrong password: said, with where it came from"
expect_contains "$err" "git credential reject" "wrong password: what was done"
expect_not_contains "$(cat "$creds")" "wrong-$pw" "the helper forgot the wrong password"
printf 'https://north:%s@localhost:%s\n' "$pw" "$port" >"$creds"
kbx 0 kbsync --kb "$o"

note "a token file: only its owner may read it; a wrong token is said"
rm -f "$creds"
printf '%s\n' "$pw" >"$tmp/token"
chmod 644 "$tmp/token"
git -C "$o" config kb.tokenFile "$tmp/token"
kbx 1 kbsync --kb "$o"
expect_contains "$err" "kb.tokenFile $tmp/token can be read or written by others (mode 0644): chmod 600 $tmp/token" \
    "a token file others can read"
chmod 600 "$tmp/token"
kbx 0 kb --kb "$o" --agent ann use dog-licence --channel email
kbx 0 kbsync --kb "$o"
expect_match "$out" "^usage      1 event sent\$" "the token works"
printf 'not-the-token\n' >"$tmp/token"
kbx 1 kbsync --kb "$o"
expect_contains "$err" "the centre at $url refused the token in $tmp/token (kb.tokenFile) for user north" \
    "a wrong token: said"
printf '%s\n' "$pw" >"$tmp/token"

note "an address with a password in the office's config: refused, not shown"
git -C "$o" remote set-url origin "https://north:$pw@localhost:$port/central.git"
kbx 1 kbsync --kb "$o"
expect_contains "$err" "https://north:***@localhost:$port/central.git holds a password" "kbsync refuses it"
expect_contains "$err" "git remote set-url origin $url" "kbsync: the command that fixes it"
git -C "$o" remote set-url origin "$url"

note "the centre's hook: a push under another office's login, its words"
cp "$KB_TOP/man/examples/pre-receive" "$centre/hooks/pre-receive"
chmod 755 "$centre/hooks/pre-receive"
kbx 0 kb --kb "$o" --agent ann use dog-licence --channel walk-in
printf '%s\n' "$east_pw" >"$tmp/token"
git -C "$o" remote set-url origin "https://east@localhost:$port/central.git"
kbx 4 kbsync --kb "$o"
expect_match "$out" "^usage      0 events sent\$" "exit 4: the result, nothing sent"
expect_match "$err" "^kbsync: remote: kb pre-receive: refs/kb/[a-z/-]*north[a-z0-9/_-]*: refused: .*\\(east pushed\\)" \
    "the hook's own words, as a remote: line"
expect_match "$err" "^kbsync: refs/kb/[a-z/-]*north[a-z0-9/_-]*: the centre refused it \\(pre-receive hook declined\\)" \
    "the ref refused"

note "no password anywhere: outputs, the office's files, its git config"
for _secret in "$pw" "$east_pw"; do
	expect_not_contains "$(cat "$tmp/all-output")" "$_secret" "a password in an output"
	if grep -rlF -- "$_secret" "$o" >"$tmp/found" 2>/dev/null; then
		fail "a password in the office's files: $(cat "$tmp/found")"
	fi
done

exit 0
