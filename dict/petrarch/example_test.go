package petrarch_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/avocet-events/avocet/dict/petrarch"
)

func Example() {
	const verbs = `&ENVOY
+AMBASSADOR
+SPECIAL_ENVOY_

--- DISPATCH [---] ---
DISPATCH
SEND {SENT SENDING SENDS}
- * &ENVOY (TO +)   [042]   # a visit by proxy
- $ * {AID CONVOY}  [070]
`
	v, err := petrarch.ReadVerbs(strings.NewReader(verbs), "example.verbs", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Format)
	for _, b := range v.Blocks {
		for _, p := range b.Patterns {
			fmt.Printf("%s:%d %s: %s\n", p.File, p.Line, b.Head, p)
		}
	}

	const actors = `RURITANIA_ [RUR]
+RURITANIAN_
RUDOLF_ELPHBERG_
	[RURELI <19000101]
	[RURGOV 19000101-19101231]
`
	a, err := petrarch.ReadActors(strings.NewReader(actors), "example.actors", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rudolf := a.Entries[1]
	fmt.Println(rudolf.Names[0].Text(), rudolf.CodesAt(time.Date(1905, 6, 1, 0, 0, 0, 0, time.UTC)))

	// A malformed line is an error naming file:line.
	_, err = petrarch.ReadVerbs(strings.NewReader("--- DISPATCH [---] ---\n- * (TO + [042]\n"), "broken.verbs", nil)
	fmt.Println(err)
	// Output:
	// PETRARCH-2
	// example.verbs:8 DISPATCH: * &ENVOY (TO +) [042]
	// example.verbs:9 DISPATCH: $ * {AID CONVOY} [070]
	// RUDOLF ELPHBERG [RURGOV]
	// broken.verbs:2: invalid input: '(' is never closed with ')'
}
