// Package storetest is the conformance suite every avocet.Store must pass:
// a store's own test calls Run with a function that opens an empty store.
//
// The suite works on a small fixture (Fixture, Load) of five articles and
// eleven events spread over days, ISO weeks and months, with the actors
// USA, USAGOV, RUSMIL, IGOUNO and "---", and checks every method against
// expectations worked out by hand from the table in fixture.go. The
// semantics it pins down are documented in package store.
package storetest
