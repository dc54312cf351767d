package pipeline

import (
	"context"
	"runtime"
)

// CodeAll codes every article of src on a pool of workers and calls emit
// for each input in input order: with the coded article, or with the
// error that kept it from being read or coded. It stops at emit's first
// error. Inputs that carry a read error are passed to emit unchanged.
func CodeAll(ctx context.Context, ac *ArticleCoder, src Source, workers int, emit func(Input, Coded, error) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		in   Input
		c    Coded
		err  error
		done chan struct{}
	}
	jobs := make(chan *job, workers*4)
	order := make(chan *job, workers*8)
	var srcErr error
	go func() {
		defer close(jobs)
		defer close(order)
		srcErr = src(ctx, func(in Input) error {
			if err := ctx.Err(); err != nil {
				return err // emit failed or the caller gave up: read no further
			}
			j := &job{in: in, done: make(chan struct{})}
			select {
			case order <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- j // workers drain jobs until it is closed
			return nil
		})
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				switch {
				case j.in.Err != nil:
					j.err = j.in.Err
				case ctx.Err() != nil:
					j.err = ctx.Err()
				default:
					j.c, j.err = ac.Code(j.in.Article)
				}
				close(j.done)
			}
		}()
	}
	var emitErr error
	for j := range order {
		<-j.done
		if emitErr != nil {
			continue
		}
		if err := emit(j.in, j.c, j.err); err != nil {
			emitErr = err
			cancel()
		}
	}
	if emitErr != nil {
		return emitErr
	}
	return srcErr
}
