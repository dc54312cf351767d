package text_test

import (
	"strings"
	"testing"

	"github.com/avocet-events/avocet/text"
)

// segCase is one table case: the input and its rendering (see render).
type segCase struct {
	name   string
	in     string
	want   string
	reason string // why, when the expectation is not obvious
}

func runCases(t *testing.T, cases []segCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := text.Segment(c.in, nil)
			if msg := checkInvariants(c.in, got, 0); msg != "" {
				t.Errorf("invariant: %s", msg)
			}
			if r := render(got); r != c.want {
				t.Errorf("Segment(%q)\n got: %s\nwant: %s\n%s", c.in, r, c.want, c.reason)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	runCases(t, []segCase{
		// Contractions are split into syntactic words (UD EWT).
		{name: "n't", in: "Officials don't know, can't say and won't guess", want: "Officials do+n't know , ca+n't say and wo+n't guess"},
		{name: "cannot", in: "The court cannot rule", want: "The court can+not rule"},
		{name: "pronoun clitics", in: "I'm sure we're ready, they've said she'll go and he'd agree", want: "I+'m sure we+'re ready , they+'ve said she+'ll go and he+'d agree"},
		{name: "possessive", in: "Kenya's president and the ministry's spokesman", want: "Kenya+'s president and the ministry+'s spokesman"},
		{name: "it's", in: "It's over", want: "It+'s over"},
		{name: "curly apostrophe", in: "Kenya’s leader doesn’t care", want: "Kenya+’s leader does+n’t care"},
		{name: "all caps", in: "WE DON'T AGREE", want: "WE DO+N'T AGREE"},
		{name: "two clitics", in: "They shouldn't've gone", want: "They should+n't+'ve gone"},
		{name: "plural possessive", in: "the protesters' demands", want: "the protesters+' demands"},
		{name: "abbreviation possessive", in: "the U.S.'s position", want: "the U.S.+'s position"},
		{name: "fused", in: "I dont know, didnt see, gonna wait, wanna go, gotta run", want: "I do+nt know , did+nt see , gon+na wait , wan+na go , got+ta run"},
		{name: "its stays", in: "The army and its allies", want: "The army and its allies", reason: "possessive its is far more common than a misspelt it's"},
		{name: "names with apostrophes", in: "O'Brien met Shi'ite clerics at rock'n'roll hall", want: "O'Brien met Shi'ite clerics at rock'n'roll hall"},
		{name: "standalone clitics", in: "Let 'em go", want: "Let 'em go"},
		{name: "decades", in: "the 1990s and '90s and 1990's", want: "the 1990s and '90s and 1990's"},

		// Hyphens are tokens, except after prefixes and in phone numbers.
		{name: "hyphen", in: "a long-term deal with Al-Shabaab", want: "a long - term deal with Al - Shabaab"},
		{name: "prefixes", in: "e-mail, non-violent and anti-American pre-war protests", want: "e-mail , non-violent and anti-American pre-war protests"},
		{name: "capital prefix", in: "E-mail me", want: "E-mail me"},
		{name: "hyphen after abbreviation", in: "U.S.-backed forces", want: "U.S. - backed forces"},
		{name: "prefix then hyphen", in: "non-English-speaking voters", want: "non-English - speaking voters"},
		{name: "range", in: "in 1990-1995 and 3-4 times", want: "in 1990 - 1995 and 3 - 4 times"},
		{name: "phone", in: "Call 555-0100 or 1-800-555-0199", want: "Call 555-0100 or 1-800-555-0199"},
		{name: "model number", in: "an AK-47 rifle", want: "an AK - 47 rifle"},
		{name: "dashes", in: "the vote — and its result -- was - he said - rigged", want: "the vote — and its result -- was - he said - rigged"},

		// Numbers stay whole; symbols and units are tokens of their own.
		{name: "numbers", in: "120,000 people, 3.5 million and 0.8", want: "120,000 people , 3.5 million and 0.8"},
		{name: "percent", in: "up 3.5% on the day", want: "up 3.5 % on the day"},
		{name: "currency", in: "$3 and $1.5 billion and US$4 and €20", want: "$ 3 and $ 1.5 billion and US$ 4 and € 20"},
		{name: "time", in: "at 10:30 and 5pm", want: "at 10:30 and 5 pm"},
		{name: "ordinals", in: "the 5th and 21st", want: "the 5th and 21st"},
		{name: "dates", in: "on 9/11 and 3/8/2001", want: "on 9/11 and 3/8/2001"},
		{name: "decimal start", in: "a .45 calibre gun", want: "a .45 calibre gun"},
		{name: "slash", in: "and/or", want: "and / or"},
		{name: "w/o", in: "w/o delay", want: "w/o delay"},

		// Abbreviations keep their period.
		{name: "titles", in: "Gen. Smith, Sen. Jones and Mr. Lee met Lt. Col. Ode", want: "Gen. Smith , Sen. Jones and Mr. Lee met Lt. Col. Ode"},
		{name: "dotted", in: "U.S. and U.N. officials, e.g. diplomats, i.e. envoys", want: "U.S. and U.N. officials , e.g. diplomats , i.e. envoys"},
		{name: "companies", in: "Acme Inc. and Widget Corp. and Foo Ltd. said", want: "Acme Inc. and Widget Corp. and Foo Ltd. said"},
		{name: "months", in: "on Jan. 5 and Sept. 11", want: "on Jan. 5 and Sept. 11"},
		{name: "weekdays", in: "on Wed., June 5", want: "on Wed. , June 5"},
		{name: "initials", in: "J. K. Rowling and John F. Kennedy", want: "J. K. Rowling and John F. Kennedy"},
		{name: "number abbreviation", in: "No. 10 Downing St. and p. 4", want: "No. 10 Downing St. and p. 4"},
		{name: "no without number", in: "The answer was no.", want: "The answer was no .", reason: "No. is an abbreviation only before a number"},
		{name: "final abbreviation", in: "They live in the U.S.", want: "They live in the U.S .", reason: "UD EWT splits the period of a sentence-final abbreviation"},
		{name: "etc in brackets", in: "(cats, dogs, etc.) were", want: "( cats , dogs , etc. ) were"},
		{name: "comma after abbreviation", in: "Acme Inc., a firm", want: "Acme Inc. , a firm"},

		// Punctuation and quotes.
		{name: "double quotes", in: `He said "no" twice.`, want: `He said " no " twice .`},
		{name: "curly quotes", in: "He said “no” twice.", want: "He said “ no ” twice ."},
		{name: "single quotes", in: "the so-called 'peace plan' failed", want: "the so - called ' peace plan ' failed"},
		{name: "closing quote after plural", in: "the 'protesters' left", want: "the ' protesters ' left", reason: "an open single quote makes the apostrophe a closing quote"},
		{name: "doubled quotes", in: "``Yes,'' he said", want: "`` Yes , '' he said"},
		{name: "ellipsis", in: "well... maybe … not", want: "well ... maybe … not"},
		{name: "mixed terminal run", in: "Really?!", want: "Really ?!"},
		{name: "brackets", in: "(AP) [sic] {x}", want: "( AP ) [ sic ] { x }"},

		// Web text.
		{name: "url", in: "See https://example.com/news?id=4&x=a-b.", want: "See https://example.com/news?id=4&x=a-b ."},
		{name: "url in brackets", in: "(www.example.org/a_(b))", want: "( www.example.org/a_(b) )"},
		{name: "email", in: "Write to jane.doe@example.co.ke.", want: "Write to jane.doe@example.co.ke ."},
		{name: "handles", in: "@janedoe posted #Kenya2027 and #1", want: "@janedoe posted #Kenya2027 and # 1"},
		{name: "emoticon", in: "great :) and :-(", want: "great :) and :-("},
		{name: "emoji", in: "Well done 👍🏽!", want: "Well done 👍🏽 !"},
		{name: "domain", in: "on reuters.com today", want: "on reuters.com today"},

		// Other scripts and bytes.
		{name: "accents", in: "São Paulo and Zürich's mayor", want: "São Paulo and Zürich+'s mayor"},
		{name: "invalid utf-8", in: "abc\xffdef \xfe", want: "abc\xffdef \xfe", reason: "invalid bytes are ordinary word characters"},
		{name: "nbsp", in: "5\u00a0km", want: "5 km"},

		// Regressions.
		{name: "three clitics", in: "00'dn'tn't", want: "00'd+n't+n't", reason: "fuzz: a multiword token has at most three words, so MaxTokens holds within two"},
	})
}

func TestSplit(t *testing.T) {
	runCases(t, []segCase{
		{name: "basic", in: "Talks failed. Both sides blamed each other! Who is next?", want: "Talks failed .\nBoth sides blamed each other !\nWho is next ?"},
		{name: "titles", in: "Mr. Odinga met Dr. Ruto and Gen. Ochieng.", want: "Mr. Odinga met Dr. Ruto and Gen. Ochieng ."},
		{name: "initial", in: "John F. Kennedy was shot in 1963.", want: "John F. Kennedy was shot in 1963 ."},
		{name: "abbreviation ends sentence", in: "Troops left the U.S. The mission ended.", want: "Troops left the U.S .\nThe mission ended .", reason: "a sentence opener after an ambiguous abbreviation"},
		{name: "abbreviation inside", in: "The U.S. Embassy and Acme Inc. President Lee spoke.", want: "The U.S. Embassy and Acme Inc. President Lee spoke ."},
		{name: "abbreviation before closing quote", in: `"We trust the U.S." The envoy left.`, want: "\" We trust the U.S . \"\nThe envoy left ."},
		{name: "abbreviation in brackets", in: "Acme (a unit of Foo Inc.) said no.", want: "Acme ( a unit of Foo Inc. ) said no ."},
		{name: "company then sentence", in: "He works for Acme Inc. He left.", want: "He works for Acme Inc .\nHe left ."},
		{name: "number", in: "It grew 3.5 percent. Exports fell 2.1 percent.", want: "It grew 3.5 percent .\nExports fell 2.1 percent ."},
		{name: "quote closes", in: `He said, "We will win." Then he left.`, want: "He said , \" We will win . \"\nThen he left ."},
		{name: "curly quote closes", in: "He said: “We will win.” Then he left.", want: "He said : “ We will win . ”\nThen he left ."},
		{name: "quoted question", in: `"Why?" he asked.`, want: `" Why ? " he asked .`},
		{name: "bracket closes", in: "He resigned (in 2019.) Later he returned.", want: "He resigned ( in 2019 . )\nLater he returned ."},
		{name: "lower case goes on", in: "Prices rose approx. five percent.", want: "Prices rose approx. five percent ."},
		{name: "informal lower case", in: "the talks failed. nobody was surprised.", want: "the talks failed .\nnobody was surprised ."},
		{name: "ellipsis then capital", in: "We waited... Nothing happened.", want: "We waited ...\nNothing happened ."},
		{name: "ellipsis then lower", in: "We waited ... and waited.", want: "We waited ... and waited ."},
		{name: "question run", in: "Is this real?! Nobody knows.", want: "Is this real ?!\nNobody knows ."},
		{name: "no space after period", in: "Visit reuters.com now.", want: "Visit reuters.com now ."},
		{name: "emoticon stays", in: "Great news! :) We won.", want: "Great news ! :)\nWe won ."},

		// Lines and paragraphs.
		{name: "paragraph without punctuation", in: "First part\n\nSecond part", want: "H: First part\nH: Second part"},
		{name: "title line", in: "Kenya opposition calls for protests\nThousands marched on Tuesday.", want: "H: Kenya opposition calls for protests\nThousands marched on Tuesday ."},
		{name: "byline", in: "Talks stall\nBy Jane Doe\nAssociated Press\n\nThe talks stalled.", want: "H: Talks stall\nH: By Jane Doe\nH: Associated Press\nThe talks stalled ."},
		{name: "wrapped lower case", in: "The minister said the government\nwould resign on Friday.", want: "The minister said the government would resign on Friday ."},
		{name: "wrapped long line", in: "Talks resumed.\nOfficials in the capital said on Tuesday that negotiations with rebel commanders\nWould resume.", want: "Talks resumed .\nOfficials in the capital said on Tuesday that negotiations with rebel commanders Would resume .", reason: "a long line is wrapped text, not a heading"},
		{name: "wrapped after article", in: "Thousands marched on Tuesday.\nPolice said the\nProtesters were calm.", want: "Thousands marched on Tuesday .\nPolice said the Protesters were calm ."},
		{name: "bullets", in: "Demands include:\n- an audit\n- new elections\n* a recount\n• reforms", want: "Demands include :\nH: - an audit\nH: - new elections\nH: * a recount\nH: • reforms"},
		{name: "numbered list", in: "Steps:\n1. Count the votes\n2. Publish results", want: "Steps :\nH: 1 . Count the votes\nH: 2 . Publish results"},
		{name: "line ends in comma", in: "The minister, who spoke in Nairobi on Monday,\nSaid the talks would resume.", want: "The minister , who spoke in Nairobi on Monday , Said the talks would resume .", reason: "a comma continues the sentence"},
		{name: "salutation", in: "Dear Ms. Lee,\nThank you.\nSincerely,\nJane Doe", want: "Dear Ms. Lee ,\nThank you .\nSincerely ,\nH: Jane Doe"},
		{name: "paragraph per line", in: "The talks, which began on Monday in the Swiss city of Geneva under United Nations auspices, were to last a week,\nOfficials said.", want: "The talks , which began on Monday in the Swiss city of Geneva under United Nations auspices , were to last a week ,\nOfficials said .", reason: "a line longer than any hard-wrapped line is a paragraph"},
		{name: "colon before quotation", in: "He said:\n\"We will win.\"", want: "He said :\n\" We will win . \""},
		{name: "line with period", in: "He left.\nShe stayed.", want: "He left .\nShe stayed ."},
		{name: "abbreviation at paragraph end", in: "He works at Acme Inc.\n\nShe does not.", want: "He works at Acme Inc .\nShe does not ."},
		{name: "quotes reset by paragraph", in: "He said \"no\n\n\"Yes\" she said.", want: "H: He said \" no\n\" Yes \" she said ."},
		{name: "crlf", in: "Title here\r\nBody text follows.\r\n", want: "H: Title here\nBody text follows ."},

		// Datelines.
		{name: "dateline", in: "NAIROBI, Kenya (AP) — Police fired tear gas.", want: "NAIROBI , Kenya ( AP ) —\nPolice fired tear gas ."},
		{name: "dateline after title", in: "Protests spread\n\nWASHINGTON (Reuters) - The Senate voted.", want: "H: Protests spread\nWASHINGTON ( Reuters ) -\nThe Senate voted ."},
		{name: "bare dateline", in: "LONDON — Britain said on Monday it would act.", want: "LONDON —\nBritain said on Monday it would act ."},
		{name: "dateline after question title", in: "Is a deal near?\nGENEVA (AP) — Talks resumed.", want: "Is a deal near ?\nGENEVA ( AP ) —\nTalks resumed ."},
		{name: "dateline after byline", in: "By JANE DOE\nKABUL, Afghanistan (AP) — Talks resumed.", want: "H: By JANE DOE\nKABUL , Afghanistan ( AP ) —\nTalks resumed ."},
		{name: "no dateline after body line", in: "Police arrested 12 people.\nNATO — the alliance — met.", want: "Police arrested 12 people .\nNATO — the alliance — met ."},
		{name: "no dateline in body", in: "Talks resumed.\n\nNATO — the alliance — met.", want: "Talks resumed .\nNATO — the alliance — met .", reason: "datelines are looked for only before the body starts"},
	})
}

func TestEmpty(t *testing.T) {
	for _, in := range []string{"", " ", "\n\n\t ", "\u00a0\u200b\ufeff"} {
		if got := text.Segment(in, nil); got != nil {
			t.Errorf("Segment(%q) = %v, want nil", in, got)
		}
	}
}

func TestSpans(t *testing.T) {
	in := "  He didn't go.\n\nShe did."
	got := text.Segment(in, nil)
	if len(got) != 2 {
		t.Fatalf("got %d sentences, want 2", len(got))
	}
	s := got[0]
	if s.Text(in) != "He didn't go." || s.Index != 0 || got[1].Index != 1 {
		t.Errorf("sentence 0 = %q (index %d)", s.Text(in), s.Index)
	}
	did, nt := s.Tokens[1], s.Tokens[2]
	if did.Form != "did" || nt.Form != "n't" || did.SpaceAfter || !nt.SpaceAfter {
		t.Errorf("did/n't = %+v %+v", did, nt)
	}
	if did.MWT.Start != 5 || did.MWT.End != 11 || nt.MWT != did.MWT {
		t.Errorf("MWT = %v %v, want [5,11)", did.MWT, nt.MWT)
	}
	if s.Tokens[0].MWT.End != 0 {
		t.Errorf("plain word has MWT %v", s.Tokens[0].MWT)
	}
	last := got[1].Tokens[len(got[1].Tokens)-1]
	if last.Form != "." || last.SpaceAfter {
		t.Errorf("last token %+v", last)
	}
}

func TestMaxTokens(t *testing.T) {
	words := strings.Repeat("word ", 30) + "and, " + strings.Repeat("more ", 30)
	got := text.Segment(words, &text.Options{MaxTokens: 40})
	if msg := checkInvariants(words, got, 40); msg != "" {
		t.Fatal(msg)
	}
	if len(got) != 2 || len(got[0].Tokens) != 32 {
		t.Errorf("cut into %d pieces, first %d tokens; want 2 pieces cut after the comma (32)", len(got), len(got[0].Tokens))
	}
	// A contraction is never separated.
	in := strings.Repeat("x don't ", 10)
	for max := 1; max < 6; max++ {
		got := text.Segment(in, &text.Options{MaxTokens: max})
		if msg := checkInvariants(in, got, max); msg != "" {
			t.Errorf("MaxTokens %d: %s", max, msg)
		}
	}
}

func TestContinued(t *testing.T) {
	cases := []segCase{
		{name: "no dateline", in: "WASHINGTON (AP) — The Senate voted.", want: "WASHINGTON ( AP ) — The Senate voted ."},
		{name: "no title", in: "Senate votes to fund the government until March as a shutdown deadline looms\nThe Senate voted.", want: "Senate votes to fund the government until March as a shutdown deadline looms The Senate voted .", reason: "only the first line of an article may be a long title"},
	}
	for _, c := range cases {
		got := text.Segment(c.in, &text.Options{Continued: true})
		if msg := checkInvariants(c.in, got, 0); msg != "" {
			t.Errorf("%s: invariant: %s", c.name, msg)
		}
		if r := render(got); r != c.want {
			t.Errorf("%s: Continued\n got: %s\nwant: %s", c.name, r, c.want)
		}
		if r := render(text.Segment(c.in, nil)); r == c.want {
			t.Errorf("%s: same result at the start of an article: %s", c.name, r)
		}
	}
}

func TestIsDateline(t *testing.T) {
	in := "BEIRUT, March 3 (AFP) - Lebanon's cabinet met."
	got := text.Segment(in, nil)
	if len(got) != 2 || !text.IsDateline(in, got[0]) || text.IsDateline(in, got[1]) {
		t.Fatalf("got %s", render(got))
	}
	if text.IsDateline(in, got[0]) && got[0].Headline {
		t.Error("dateline marked Headline")
	}
}
