// Package pipeline is the orchestrator: it owns reading inputs, cutting them
// into bounded chunks, the worker pool, ordering and error collection, and
// runs the plain synchronous stages (segmentation, annotation, later coding)
// on each chunk. Stages never start goroutines of their own.
package pipeline
