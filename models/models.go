// Package models embeds avocet's trained model files, so the binary needs
// nothing at run time. The weights are trained by 'avocet train' from the
// corpora credited in NOTICE and are licensed as LICENSE says.
package models

import _ "embed"

// EnglishNLP is the English tagger, lemmatiser and parser bundle
// (nlp.Load format), trained on UD English EWT.
//
//go:embed en-nlp.avm
var EnglishNLP []byte
