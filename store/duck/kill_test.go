package duck_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
)

// The child processes of these tests are this test binary run again with
// AVOCET_DUCK_CHILD set; TestMain sends them to child instead of the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("AVOCET_DUCK_CHILD"); mode != "" {
		if err := child(mode, os.Getenv("AVOCET_DUCK_DB")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// killBatches returns the batches the child of TestKill9 puts, in order.
func killBatch(seed uint64, i int) avocet.Batch {
	g := newGenerator(seed+uint64(i), fmt.Sprintf("b%04d-", i))
	return g.batch(400)
}

func child(mode, path string) error {
	switch mode {
	case "hold": // keep the file open until killed
		s, err := duck.Open(path, nil)
		if err != nil {
			return err
		}
		defer s.Close()
		fmt.Println("ready")
		time.Sleep(time.Hour)
		return nil
	case "put": // put batches until killed, reporting each committed one
		seed, err := strconv.ParseUint(os.Getenv("AVOCET_DUCK_SEED"), 10, 64)
		if err != nil {
			return err
		}
		// A small checkpoint threshold makes the kill land in checkpoints too.
		s, err := duck.Open(path, &duck.Options{CheckpointMB: 1 + int(seed%4)})
		if err != nil {
			return err
		}
		for i := 0; ; i++ {
			b := killBatch(seed, i)
			if _, err := s.Put(context.Background(), b); err != nil {
				return err
			}
			ids := make([]string, len(b.Articles))
			for j := range b.Articles {
				ids[j] = b.Articles[j].ID
			}
			// Written straight to the pipe: os.Stdout is not buffered.
			fmt.Printf("committed %d %s\n", i, strings.Join(ids, " "))
		}
	}
	return fmt.Errorf("unknown mode %q", mode)
}

func startChild(t *testing.T, mode, path string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "AVOCET_DUCK_CHILD="+mode, "AVOCET_DUCK_DB="+path)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	return cmd, sc
}

// Ensure that a file another process has open is refused with its name.
func TestOpenInUseByOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.duckdb")
	_, out := startChild(t, "hold", path)
	if !out.Scan() || out.Text() != "ready" {
		t.Fatalf("child did not open the file: %q", out.Text())
	}
	s, err := duck.Open(path, nil)
	if err == nil {
		s.Close()
		t.Fatal("Open of a file held by another process succeeded")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("error %q does not name the file and say why", err)
	}
}

// Ensure that every batch Put reported as committed survives kill -9 of the
// process, that no batch is half stored, and that putting the batches again
// stores nothing twice. AVOCET_KILL_SEED replays a run.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("AVOCET_KILL_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (rerun with AVOCET_KILL_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	path := filepath.Join(t.TempDir(), "kill.duckdb")

	cmd, out := startChild(t, "put", path, fmt.Sprintf("AVOCET_DUCK_SEED=%d", seed))
	lines := make(chan string)
	go func() {
		defer close(lines)
		for out.Scan() {
			lines <- out.Text()
		}
	}()
	// Wait for a few commits, then kill at a random moment.
	committed := map[string]int{} // article ID -> batch
	batches := 0
	for batches < 3 {
		line, ok := <-lines
		if !ok {
			t.Fatal("child stopped before committing 3 batches")
		}
		batches += record(t, line, committed)
	}
	time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	for line := range lines {
		batches += record(t, line, committed)
	}
	cmd.Wait()
	t.Logf("child committed %d batches (%d articles) before SIGKILL", batches, len(committed))

	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	stored := map[string]int{} // article ID -> times seen
	wantEvents := map[string]int{}
	err = s.EachArticle(ctx, func(a *avocet.StoredArticle) error {
		stored[a.ID]++
		wantEvents[a.ID] = a.Events
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range committed {
		if stored[id] != 1 {
			t.Errorf("article %s of a committed batch stored %d times", id, stored[id])
		}
	}
	// At most one batch beyond the reported ones (committed, not yet
	// printed), and only whole.
	extra := map[int]int{}
	for id, n := range stored {
		if n != 1 {
			t.Errorf("article %s stored %d times", id, n)
		}
		if _, ok := committed[id]; !ok {
			b, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(id, "-", 2)[0], "b"))
			if err != nil {
				t.Fatalf("unexpected article %s", id)
			}
			extra[b]++
		}
	}
	for b, n := range extra {
		if b != batches || n != len(killBatch(seed, b).Articles) {
			t.Errorf("batch %d stored with %d articles, but not reported (reported %d batches)", b, n, batches)
		}
	}
	gotEvents := map[string]int{}
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { gotEvents[e.ArticleID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for id, n := range wantEvents {
		if gotEvents[id] != n || n == 0 {
			t.Errorf("article %s: %d events stored, its record says %d", id, gotEvents[id], n)
		}
	}
	// Putting every batch again stores only what was missing.
	for i := 0; i <= batches; i++ {
		b := killBatch(seed, i)
		res, err := s.Put(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		wantNew := 0
		if i == batches && extra[i] == 0 {
			wantNew = len(b.Articles)
		}
		if res.Articles != wantNew || res.Duplicates != len(b.Articles)-wantNew {
			t.Errorf("batch %d put again: %+v; want %d new", i, res, wantNew)
		}
	}
}

// record notes the articles of a "committed N id..." line and returns 1.
func record(t *testing.T, line string, committed map[string]int) int {
	f := strings.Fields(line)
	if len(f) < 2 || f[0] != "committed" {
		t.Fatalf("unexpected child output %q", line)
	}
	b, _ := strconv.Atoi(f[1])
	for _, id := range f[2:] {
		committed[id] = b
	}
	return 1
}
