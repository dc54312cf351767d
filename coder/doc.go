// Package coder turns parsed sentences into CAMEO events.
//
// Input: sentences whose tokens carry lemmas, tags and dependencies (from
// package nlp), and the dictionaries of package dict. Output: avocet.Event
// values with source and target actors, the CAMEO code and its codebook
// fields, flags (negated, hypothetical, future, reported, passive,
// headline), and provenance (sentence, byte spans of actors and verb, and
// the dictionary rule with its file:line).
//
// # How a sentence is coded
//
// Dictionary phrases are matched on word forms and lemmas, longest first.
// Each verb with patterns is matched against its dependents: the direct
// object or passive subject for T, an oblique with its preposition for
// "with:T", the object's lemma, particles and open complements. The source
// is the subject, the obl:agent of a passive, or is found by climbing
// through control, coordination and relative clauses. Each side's noun
// phrase is turned into an actor code by composing the mentions inside it:
// a person, organisation or seat of power gives a full code; a country or
// demonym combined with a role word gives country+role ("Russian troops"
// -> RUSMIL). Coordinated phrases give one event per dyad, and coordinated
// subjects of a verb without a target give the reciprocal pair.
//
// A Story keeps what one article has said so far: definite role phrases
// without a country ("the ministry") take the country of the latest actor,
// and pronouns the latest compatible actor. Events repeated within a story
// are emitted once with their mention count.
package coder
