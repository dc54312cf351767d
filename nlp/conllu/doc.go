// Package conllu reads and writes CoNLL-U, the file format of the Universal
// Dependencies treebanks (https://universaldependencies.org/format.html),
// and converts avocet sentences into it.
//
// # Format
//
// A file is a sequence of sentences, each ended by a blank line. A sentence
// is a block of comment lines ("# key = value") followed by one line per
// word with ten tab-separated columns: ID, FORM, LEMMA, UPOS, XPOS, FEATS,
// HEAD, DEPREL, DEPS, MISC; "_" marks an unspecified value. Besides word
// lines (ID "n") a sentence may hold multiword token lines (ID "n-m", the
// surface token "don't" standing for words n..m "do" "n't") and empty nodes
// of the enhanced graph (ID "n.k").
//
// # Reading
//
// Reader returns one Sentence at a time. Words go to Sentence.Words,
// multiword tokens to Sentence.MultiWords and empty nodes, which take no
// part in the basic tree, to Sentence.EmptyNodes. Comments are kept in
// order; sent_id, text, newdoc and newpar are also decoded into fields.
// The reader accepts CRLF line ends, a leading byte order mark, extra blank
// lines between sentences and a missing blank line at the end of the input.
//
// A sentence that was read satisfies these invariants:
//
//   - Words[i].ID == i+1, and there is at least one word;
//   - every Head is -1 (the column was "_"), 0 (root) or a word ID;
//   - multiword token ranges are in order, do not overlap, have Last > First
//     and Last <= len(Words);
//   - empty nodes are in file order and each follows the word it names;
//   - no field is empty (unspecified values are "_") and none contains a
//     tab or line break.
//
// Anything else — a wrong number of columns, a non-numeric ID or HEAD,
// IDs out of order, a head outside the sentence, a comment between word
// lines, a line longer than MaxLineLen — is reported as an
// *avocet.PosError naming the file and line, wrapping
// avocet.ErrInvalidInput. The Reader then skips to the next blank line, so
// a caller may report the error and keep reading. The reader does not
// check the tree itself (single root, no cycles), the tag sets, or the
// DEPS and MISC columns.
//
// # Writing
//
// Write emits what Reader reads back unchanged (Sentence.Validate states
// the conditions; Write refuses a sentence that fails them). A sentence
// read from a well-formed file is written byte for byte as it was, except
// for the normalisations listed under Reading (line ends, byte order mark,
// blank lines), the spelling of comment lines ("#x" is written "# x"), and
// the order of lines: a multiword token line right before its first word,
// empty nodes right after the word they follow. The UD English EWT and
// PUD treebanks round-trip exactly.
//
// # Conversion
//
// FromSentence turns an avocet.Sentence, whose tokens carry byte spans into
// the article text, into a CoNLL-U Sentence with the article's sent_id and
// text comments, multiword tokens, and UDPipe-style
// "TokenRange=start:end" MISC attributes in character (code point)
// offsets. CharCounter does the byte-to-character conversion in one
// forward pass over the article.
package conllu
