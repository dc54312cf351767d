package nlp_test

import (
	"fmt"

	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// Segment a story and annotate each sentence with the built-in model.
func ExampleAnnotator_Annotate() {
	ann, err := nlp.LoadBytes(models.EnglishNLP)
	if err != nil {
		panic(err)
	}
	story := "Rebels seized the airport."
	for _, s := range text.Segment(story, nil) {
		ann.Annotate(&s)
		for _, t := range s.Tokens {
			fmt.Printf("%s/%s lemma=%s head=%d %s\n", t.Form, t.UPOS, t.Lemma, t.Head, t.DepRel)
		}
	}
	// Output:
	// Rebels/NOUN lemma=rebel head=2 nsubj
	// seized/VERB lemma=seize head=0 root
	// the/DET lemma=the head=4 det
	// airport/NOUN lemma=airport head=2 obj
	// ./PUNCT lemma=. head=2 punct
}
