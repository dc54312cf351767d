// Package eval measures avocet's output against gold-standard annotation.
//
// # Universal Dependencies scores
//
// ScoreUD (ud.go) compares a system's CoNLL-U output with a gold treebank
// as the CoNLL 2018 shared task evaluation script, conll18_ud_eval.py,
// does, and reports precision, recall and F1 for tokens, sentences and
// syntactic words, and for UPOS, XPOS, lemmas, UAS and LAS, with the
// accuracy of the last five on aligned words.
//
// Gold and system must be over the same text, up to whitespace: both are
// reduced to the concatenation of their surface token forms with every
// whitespace character removed, and these strings must be equal. Tokens
// and sentences are then spans of that string, and a system token or
// sentence is correct when a gold one has the same span.
//
// Syntactic words are aligned as by the official script. Words outside
// multiword tokens align when their tokens have the same span. Where
// either side has a multiword token, the smallest region of words that
// covers it and everything overlapping it is aligned by a longest common
// subsequence of the lowercased word forms, so that, say, gold "do" "n't"
// and system "do" "not" under the token "don't" align only "do". Word
// counts, and with them the precision and recall of every word-level
// metric, are over all words; a tagging or parsing metric counts an
// aligned word correct when:
//
//   - UPOS, XPOS: the tags are equal;
//   - Lemmas: the lemmas are equal, or the gold lemma is "_";
//   - UAS: the system head is aligned to the gold head, or both are 0;
//   - LAS: as UAS, and the relations agree up to the first ":"
//     ("obl:tmod" and "obl" agree).
//
// Differences from the official script: whitespace is any character for
// which unicode.IsSpace holds, a superset of the script's Unicode category
// Zs; lowercasing is Go's strings.ToLower, not Python's str.lower (they
// differ only for a few special cases); a HEAD of "_" is accepted and
// never counts as correct, where the script stops with an error; and the
// trees are not checked for cycles or a single root. Empty nodes are
// ignored, as in the script. UFeats, AllTags, CLAS, MLAS and BLEX are not
// computed.
//
// # Event scores
//
// ScoreEvents (events.go) scores a coder's events against a gold suite read
// by ReadGold: PETRARCH XML validation records, read by a tolerant scanner
// because published suites are not all well-formed (ReadPetrarchXML), or
// JSONL (ReadGoldJSONL). Events are matched one to one within each record
// and counted over all records (micro-averaged) at three levels: strict
// (source, target and CAMEO code equal), dyad+root (actors equal on their
// first three characters, codes on their two-digit root) and root (codes
// equal on their root, actors ignored). The share of records expecting no
// event for which the coder produced none is reported beside them. Records
// that expect an error, are not marked for evaluation, or need a <Config>
// switch the coder does not support are skipped and counted by reason.
package eval
