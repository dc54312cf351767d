package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// run runs the CLI in-process and returns stdout, stderr and the exit code.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := NewMain(strings.NewReader(stdin), &out, &errb).Run(context.Background(), args)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// corpora returns the shared corpora folder, or skips the test.
func corpora(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpora")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: public corpora not found at %s (they live in ../shared/corpora beside the repository)", dir)
	}
	return dir
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, 2, "no command given"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"help", []string{"help"}, 0, "Commands:"},
		{"bad flag", []string{"parse", "--nope"}, 2, "flag provided but not defined"},
		{"parse two inputs", []string{"parse", "a", "b"}, 2, "at most one input"},
		{"eval-ud without gold", []string{"eval-ud"}, 2, "needs --gold"},
		{"missing file", []string{"parse", "does-not-exist.txt"}, 1, "does-not-exist.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.want)
			}
		})
	}
}
