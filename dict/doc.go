// Package dict holds the coder's knowledge: actor dictionaries (countries,
// people, organisations), agents (role words and titles), verb patterns,
// word sets, discards and issues. The built-in dictionaries are plain-text
// files under data/, embedded in the binary and documented in
// doc/dictionaries.md; Load reads the same format from any folder.
//
// Every entry keeps the file and line it came from, so an event can cite
// the rule that produced it. A malformed line is an error naming file:line,
// or, with Options.Lenient, a warning and a skipped line.
//
// Readers for PETRARCH and TABARI dictionary formats are in dict/petrarch.
package dict
