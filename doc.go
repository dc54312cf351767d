// Package avocet is a political event-data engine: it reads news text and
// turns it into "who did what to whom, when and where" events in the CAMEO
// ontology, with the evidence behind each one.
//
// # Data flow
//
// An Article's text is segmented into Sentences of Tokens (package text),
// each token is tagged with its part of speech and lemma and attached to its
// syntactic head (package nlp), and later stages code events from those
// parses. Every artefact keeps byte offsets into Article.Text, so any output
// can be traced back to the words that produced it.
//
// This root package holds the shared vocabulary (Article, Sentence, Token,
// Span) and the sentinel errors; each stage lives in its own package and the
// command-line tool in cmd/avocet.
package avocet
