package text_test

import (
	"fmt"

	"github.com/avocet-events/avocet/text"
)

func ExampleSegment() {
	article := "Talks stall in Geneva\n\nGENEVA (AP) — Envoys didn't meet on Tuesday. The U.S. delegation left early."
	for _, s := range text.Segment(article, nil) {
		fmt.Printf("%d headline=%v dateline=%v %q\n", s.Index, s.Headline, text.IsDateline(article, s), s.Text(article))
		for _, t := range s.Tokens {
			if t.MWT.End > 0 {
				fmt.Printf("   %q is part of %q\n", t.Form, article[t.MWT.Start:t.MWT.End])
			}
		}
	}
	// Output:
	// 0 headline=true dateline=false "Talks stall in Geneva"
	// 1 headline=false dateline=true "GENEVA (AP) —"
	// 2 headline=false dateline=false "Envoys didn't meet on Tuesday."
	//    "did" is part of "didn't"
	//    "n't" is part of "didn't"
	// 3 headline=false dateline=false "The U.S. delegation left early."
}

func ExampleDateline() {
	body := "BEIRUT, March 3 (AFP) - Lebanon's cabinet met on Sunday."
	d, ok := text.Dateline(body)
	fmt.Println(ok)
	fmt.Printf("place %q, date %q, agency %q\n", body[d.Place.Start:d.Place.End], body[d.Date.Start:d.Date.End], body[d.Agency.Start:d.Agency.End])
	fmt.Printf("body %q\n", body[d.Body:])
	// Output:
	// true
	// place "BEIRUT", date "March 3", agency "AFP"
	// body "Lebanon's cabinet met on Sunday."
}

func ExampleRepair() {
	fixed, n := text.Repair("caf\xe9 au lait")
	fmt.Printf("%+q %d\n", fixed, n)
	// Output:
	// "caf\ufffd au lait" 1
}
