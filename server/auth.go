package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// maxTokenFile bounds what TokenFrom reads from a token file.
const maxTokenFile = 4096

// TokenFrom picks the write token: the flag value when it is not empty,
// else the environment variable envVar when it is set and not empty, else
// the contents of file when file is not empty. Surrounding white space is
// trimmed. A token file that group or others may read or write is refused,
// as is an empty one. With no flag value, variable or file it returns "".
func TokenFrom(flag, envVar, file string) (string, error) {
	if t := strings.TrimSpace(flag); t != "" {
		return t, nil
	}
	if envVar != "" {
		if t := strings.TrimSpace(os.Getenv(envVar)); t != "" {
			return t, nil
		}
	}
	if file == "" {
		return "", nil
	}
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("token file %s is not a regular file", file)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return "", fmt.Errorf("token file %s is readable or writable by group or others (mode %04o); run chmod 600 %s", file, perm, file)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	if len(b) > maxTokenFile {
		return "", fmt.Errorf("token file %s is longer than %d bytes", file, maxTokenFile)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("token file %s is empty", file)
	}
	return t, nil
}

// authenticate is the huma middleware of write operations: it lets a
// request through only when the server has a token and the request's
// Authorization header carries it.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	if s.opts.Token == "" {
		huma.WriteErr(s.api, ctx, http.StatusForbidden, "server has no write token configured")
		return
	}
	got, ok := bearer(ctx.Header("Authorization"))
	if !ok {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="avocet"`)
		huma.WriteErr(s.api, ctx, http.StatusUnauthorized, "missing bearer token: send Authorization: Bearer <token>")
		return
	}
	if !sameToken(got, s.opts.Token) {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="avocet", error="invalid_token"`)
		huma.WriteErr(s.api, ctx, http.StatusUnauthorized, "invalid bearer token")
		return
	}
	next(ctx)
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// sameToken compares tokens in constant time. Hashing first keeps the time
// independent of the tokens' lengths too.
func sameToken(got, want string) bool {
	g := sha256.Sum256([]byte(got))
	w := sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
