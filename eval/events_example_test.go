package eval_test

import (
	"fmt"
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
)

func ExampleScoreEvents() {
	gold, warnings, err := eval.ReadGoldJSONL(strings.NewReader(`
{"id": "s1", "date": "2024-05-02", "text": "Ghana's president met Togo's foreign minister in Accra.", "events": [{"source": "GHAGOV", "target": "TGOGOV", "code": "040"}]}
{"id": "s2", "date": "2024-05-02", "text": "Protesters in Lome accused the police of beatings.", "events": [{"source": "TGOCVL", "target": "TGOCOP", "code": "112"}]}
{"id": "s3", "date": "2024-05-03", "text": "Markets in Accra closed early for the holiday.", "events": []}
`), "example.jsonl")
	if err != nil || len(warnings) > 0 {
		fmt.Println(err, warnings)
		return
	}
	actor := func(code string) avocet.Actor { return avocet.Actor{Code: code} }
	system := map[string][]avocet.Event{
		"s1": {{Source: actor("GHAGOV"), Target: actor("TGOGOV"), Code: "040"}},
		"s2": {{Source: actor("TGOCVL"), Target: actor("TGO"), Code: "111"}}, // right dyad root, wrong code below the root
	}
	scores := eval.ScoreEvents(gold, system, eval.ScoreOptions{})
	fmt.Print(scores)
	for _, d := range scores.Worst(1) {
		fmt.Printf("worst: %s missed %v, spurious %v\n", d.ID, d.Missed, d.Spurious)
	}
	// Output:
	// Level      |  Gold | System | Correct | Precision |  Recall |    F1
	// -----------+-------+--------+---------+-----------+---------+-------
	// strict     |     2 |      2 |       1 |     50.00 |   50.00 | 50.00
	// dyad+root  |     2 |      2 |       2 |    100.00 |  100.00 |100.00
	// root       |     2 |      2 |       2 |    100.00 |  100.00 |100.00
	// no-event records: 1 of 1 with no event produced (100.00%)
	// records: 3 scored, 0 skipped
	// worst: s2 missed [TGOCVL TGOCOP 112], spurious [TGOCVL TGO 111]
}
