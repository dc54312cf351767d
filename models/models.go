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

// EnglishNER is the English named-entity recogniser (nlp.LoadNER format),
// trained on Universal NER English-EWT, Wikigold, the Broad Twitter
// Corpus and WNUT-17, with the built-in dictionaries and the geo
// gazetteer's countries, regions and cities of 100,000 people or more as
// its gazetteer, and the word clusters of en-clusters.txt (learned from
// raw text, see NOTICE) as features.
//
//go:embed en-ner.avm
var EnglishNER []byte
