package cameo_test

import (
	"fmt"

	"github.com/avocet-events/avocet/cameo"
)

func Example() {
	cb := cameo.Default()

	c, _ := cb.Lookup("042")
	fmt.Println(c.Code, c.Name, c.Goldstein, c.QuadClass, c.Plover, c.PloverMode)

	c, _ = cb.Lookup("1041")
	fmt.Println(c.Code, c.Name, c.Plover, c.PloverOld)

	fmt.Println(cameo.Root("0431"), cameo.Base("0431"), cameo.QuadClass("19"), cameo.Valid("0431"))
	// Output:
	// 042 Make a visit 1.9 1 CONSULT visit
	// 1041 Demand change in leadership REQUEST DEMAND
	// 04 043 4 true
}

func ExampleCodebook_Resolve() {
	cb := cameo.Default()
	for _, code := range []string{"0874", "0431", "174K", "023?", "---"} {
		c, ok := cb.Resolve(code)
		fmt.Printf("%-5s -> %q %q %v\n", code, c.Code, c.Name, ok)
	}
	// Output:
	// 0874  -> "0874" "Retreat or surrender militarily" true
	// 0431  -> "043" "Host a visit" true
	// 174K  -> "174" "Expel or deport individuals" true
	// 023?  -> "023" "Appeal for aid" true
	// ---   -> "" "" false
}
