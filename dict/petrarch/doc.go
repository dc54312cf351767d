// Package petrarch reads dictionaries written for the PETRARCH-2,
// PETRARCH-1 and TABARI event coders, so users can bring years of
// dictionary work to avocet: verb pattern dictionaries, actor and agent
// dictionaries, discard lists and issue lists.
//
// Input is the text of one file (ReadVerbs, ReadActors, ReadAgents,
// ReadDiscards, ReadIssues) or a folder (ReadDir, ReadFS). Output is plain
// data that mirrors the files: every entry keeps the file and 1-based line
// it came from, so an event can cite the rule that fired. The readers do no
// matching and generate no word forms; the notation below says what each
// mark asks of a matcher, as the PETRARCH and TABARI documentation and the
// dictionaries' own headers describe it.
//
// This document is the reference for the matcher. It describes the formats
// as they occur in the published dictionaries (openeventdata/petrarch2,
// openeventdata/UniversalPetrarch, openeventdata/petrarch), slips included.
//
// # Common rules
//
//   - Files are lines of text; "\n" or "\r\n" endings. Bytes are kept as
//     they are: Phoenix.Countries.actors.txt mixes UTF-8 and Latin-1.
//   - '#' starts a comment to the end of the line, and so does ';' (the
//     TABARI comment mark), except inside square brackets: "[###]" is a
//     code. The comment text is kept in the entry's Comment field.
//   - "<!-- ... -->" is a comment and may span lines.
//   - Blank lines and surrounding white space (spaces, tabs) are ignored;
//     indentation carries no meaning.
//   - Words are written in upper case in most files; the readers keep the
//     case as written. Matching is case-insensitive in PETRARCH.
//   - In phrases, '_' joins words that must be adjacent in the text. In
//     TABARI and PETRARCH-1 a space between two words of an actor or agent
//     phrase lets other words come between them (PETRARCH-2 treats both
//     alike); Phrase.Gaps records where a space was written. A final '_'
//     ("AFGHANISTAN_") asks for the whole word: no plural or other suffix is
//     generated (PETRARCH) or stem-matched (TABARI); Phrase.Exact and
//     Element.Exact record it.
//   - A code is written in square brackets. Codes are kept verbatim; the
//     files hold CAMEO event codes ("042", "0431"), the null code "---",
//     actor codes ("AFGGOV"), agent codes ("~GOV") and, in test files, odd
//     codes ("+++", "###", "102b", "080!" — TABARI's meaning of a trailing
//     '!' is not documented in these files).
//
// # Verb dictionaries
//
// Three dialects share one notation; ReadVerbs tells them apart by content
// and records the result in Verbs.Format:
//
//   - TABARI (CAMEO.091003.master.verbs): no block headers. Every line that
//     is not a pattern is a verb with its own code, "ABANDON [---]", and the
//     patterns below it belong to it. The verb may be a stem ("ACCELERAT")
//     or a multiword phrase ("CORDON OFF_"). Each such verb becomes a
//     VerbBlock with one VerbForm. A file whose first verb-or-header line is
//     a verb is TABARI; a block header after that is an error.
//   - PETRARCH-1 (CAMEO.verbpatterns.150430.txt, PETR.Validate.verbs.txt):
//     verb blocks as below; patterns are TABARI-style word sequences.
//   - PETRARCH-2 (CAMEO.2.0.txt, PETR.Validate.verbs.2.0.txt): verb blocks;
//     patterns describe the verb's parse: "( )" prepositional phrases and
//     "{ }" noun phrases, and "~" transformation rules may follow. A block
//     file is PETRARCH-2 when any pattern or synset member has a "( )" or
//     "{ }" noun-phrase group, or the file has a "~" rule; otherwise it is
//     PETRARCH-1.
//
// A verb dictionary holds, in any order:
//
// Synsets. A label line "&NAME" starts a synonym set; the "+" lines after it
// are its members, up to the next line that does not start with '+':
//
//	&CURRENCY
//	+DOLLAR
//	+CASH_
//	+IMPROVISED_EXPLOSIVE_DEVICE
//
// A label ending in '_' ("&AUXVERB1_") asks for no plurals of any member; a
// member ending in '_' asks for none of itself. Synsets are keyed without
// '&' and the final '_' (Verbs.Synsets["AUXVERB1"]); a pattern may write
// either "&AUXVERB1" or "&AUXVERB1_". A member is parsed with the pattern
// notation without markers: usually a word or '_'-joined words, but the
// validation files also use "+&TIETYPES" (a synset inside a synset) and
// "+(TO THE END)". A label given twice collects the members of both (with
// a warning). Synsets may be defined after their use.
//
// Blocks. "--- HEAD [CODE] ---" starts a verb block. HEAD names the block
// (it may hold '_' or spaces: "EXPLAIN_VERBAL", "LASH OUT"); CODE is the
// default code of its verbs, "---" (no event) when missing; a paired code
// "[040:040]" or a half "[:110]" is allowed; the closing dashes may be
// missing or glued to the code ("[120]---").
//
// Verb lines. Each line of a block that is not a pattern names a verb:
//
//	SPEED {SPEEDING SPEEDS SPED}        irregular forms: the complete list
//	CLARIFY {CLARIFIES CLARIFIED} [040] a verb-specific code
//	+ANGERED_BY {}                      "{}": generate no forms at all
//	+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}
//	RE_+ARREST
//
// Without "{...}", PETRARCH generates the regular forms (-S/-ES/-IES,
// -ED/-D, -ING); with it, exactly the forms listed. Forms are separated by
// spaces or commas. A multiword verb joins its words with '_' and marks the
// word the parser tags as the verb with a leading '+'
// (VerbPhrase.Head); forms in "{...}" mark it the same way. The code and
// the "{...}" list may come in either order.
//
// Patterns. A line starting with '-' is a pattern of the current block:
//
//   - * (TO {BANNED PARTIES}) $   [1722]   # ADD
//   - $ * (AS &NEGOTIATOR) (IN TALK) (WITH +)   [045]
//   - + { WAS | WERE } * BY_ $   [181]     (TABARI)
//
// The code ends the line ("[042]", "[042:043]" for a paired event, "[:054]"
// for only the second of a pair). The pattern is a sequence of Elements,
// separated by spaces, or joined by '_' when nothing may come between them
// (Element.Joined):
//
//   - the verb (Verb); exactly one per pattern
//     $  +       the source and the target actor (Source, Target)
//     %          a compound actor that is source and target (Compound, TABARI)
//     ^          skip a noun phrase (Skip, TABARI)
//     &NAME      any member of a synset (SynsetRef); the name runs over
//     letters, digits, '_', '-' and '.'; if no synset has that name
//     but one is named by the part before an '_' ("&TIETYPES_RELATIONS"),
//     the reference is that synset joined to the following words
//     WORD       a literal word (Word); "A/B" gives alternatives (Element.Alts):
//     "(TO/FOR PROTEST)", "(IN AIR ATTACK/BOMBING/RAID)"
//     ( P ... )  PETRARCH-2 prepositional phrase (Prep): the preposition P,
//     then its object; may hold words, markers, synsets and one
//     level of "{ }"
//     { A B }    PETRARCH-2 noun phrase (NounPhrase): B is the head, A its
//     modifiers
//     { A | B C} TABARI alternatives (Choice): one of the '|'-separated
//     sequences
//
// In PETRARCH-2 a bare word stands for the head of a noun phrase; in
// PETRARCH-1 and TABARI words are matched in order around the verb, and a
// TABARI word without a final '_' is a stem ("RECONSID", "EXTRADIT").
// Markers are self-delimiting: "*SCEPTICAL" is "*" then "SCEPTICAL".
//
// Transformations. PETRARCH-2 files may end with rules that rewrite an event
// about an event:
//
//	~ a (a b ATTACK) SAY = a b 015
//
// reads "a says that a attacks b" and codes "a b 015" instead. The left
// side is "source target verb" where the target may itself be a
// parenthesised event; lower-case letters are variables, "_" and "." are
// placeholders and "Q" stands for any verb or code. Transformation.Match
// holds the left side, Source, Target and Code the right side.
//
// # Actor dictionaries
//
// Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
// Phoenix.MilNonState.actors.txt, PETR.Validate.actors.txt:
//
//	AFGHANISTAN_  [AFG]           primary name with a code
//	+AFGHAN_                      synonym of the entry above
//	MOHAMMAD_ZAHIR_SHAH_          primary name; codes on the lines below
//		[AFGELI 320101-331108]    code for a period (both days included)
//		[AFGGOV >011222]          from a day on
//		[AFGELI <011222]          up to a day
//		[AFGELI]                  default code
//	ANN_VENEMAN_ [USAGOV 010120-050120] [IGOUNOKID >050501]
//	---STOP---                    ends the dictionary (TABARI)
//
// A line starting with '[' holds codes of the current entry, a line
// starting with '+' is a synonym, any other line starts a new entry. Several
// codes may share a line. Dates are YYMMDD (years 00-30 are 20YY, others
// 19YY, as in TABARI) or YYYYMMDD; white space around '<', '>' and '-' is
// allowed ("[HOB < 950601]", "[HOBGOV 19950601 - 19990815]"). ActorEntry
// keeps all names and codes in file order; ActorEntry.CodesAt applies the
// TABARI reading: the dated codes whose period holds the day, else the
// undated ones.
//
// # Agent dictionaries
//
// Phoenix.agents.txt, PETR.Validate.agents.txt:
//
//	!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     substitution set
//	FARMER [~AGR]                                 regular plural generated
//	CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
//	POLICE {} [~COP]                              no plural
//	CONGRESS!PERSON! [~LEG]                       CONGRESSMAN, CONGRESSMEN, ...
//	HUMAN_RIGHTS_BODY [NGO~]
//
// A code "~X" is added after the actor's code, "X~" before it. "{...}" lists
// the plurals (comma-separated if more than one; the files hold one);
// without it PETRARCH forms the regular plural (-S, -IES after Y, -ES after
// S). A "!NAME!" marker stands for each member of the set "!NAME! = ...";
// Agents.Expand substitutes them. Every marker must be defined in the file.
//
// # Discard lists
//
// Phoenix.discards.txt, PETR.Validate.discards.txt: one phrase a line. A
// sentence containing the phrase is not coded; with a leading '+' the whole
// story is not coded. A final '_' asks for a word boundary after the phrase;
// otherwise its last word is a stem. Matching is case-insensitive; the
// phrase is kept as written with runs of white space made single spaces.
//
// # Issue dictionaries
//
// Phoenix.IssueCoding.txt:
//
//	<ISSUE CATEGORY="EDUCATION" TYPE="ALL">
//	n:teacher [TEACHERS]          n: also the regular plural
//	ethnic v:purge [ID_ATROCITY]  v: also the regular verb forms
//	pre+n:school [EARLY_CHILDHOOD_EDUCATION]   '+': a space or a hyphen
//	~a head start                 not coded when found in the sentence
//	~~Armenian genocide           not coded when found in the story
//	</ISSUE>
//
// Phrases outside any block go to a category with an empty Name.
//
// # Conversion to avocet
//
// Set.Dictionaries turns what was read into avocet's dictionaries
// (package dict). PETRARCH matches patterns on constituency parses, word
// by word; avocet matches them on dependency parses, by lemma. A pattern
// is converted only when every word it checks has a dependency reading;
// one that asks more than an avocet pattern can say (a modifier of the
// object, a word before the verb other than an adverb, the source in an
// oblique) is left out and counted in a warning, so that the coder falls
// back on the verb's other patterns, as PETRARCH does when a pattern does
// not match. The readings:
//
//   - Verbs are keyed by lemma. A verb form is its head word, the other
//     words of a multiword verb following it (CARRY_OUT: carry_out). A
//     block written as an inflected form ("SAID", "KILLED", "URGING") is
//     keyed by its base forms as well: the irregular forms the files
//     list ("BREAK {BROKE BROKEN}"), common English irregular verbs, and
//     regular suffixes (killed: kill, kille).
//   - A verb's code (its own or its block's) gives "code verb T" and
//     "code verb". A code is an event code when it starts with a digit
//     and holds only letters and digits ("042", "174K"; TABARI's trailing
//     '!' removed); others ("+++", "025?") are left out. A paired code
//     "[032:033]" keeps its first code.
//   - A pattern coded "---" is a negative pattern in PETRARCH-2. PETRARCH-1
//     reads such a match as a match of the verb alone, so there it gives
//     the verb's code (and is negative when the verb has none).
//   - After the verb, "+" is T (the direct object) and "P +" or
//     "(P ... +)" is P:T; '%' is a target too, the coder giving one
//     event per coordinated actor. A preposition that ends the pattern
//     ("*_ON", "* FOR") is P:T: its object is the first actor after the
//     verb. "BY $" is the agent of a passive, which the coder handles: the
//     pattern is read in the active. Any other '$' after the verb is left
//     out.
//   - PETRARCH-1 and TABARI words after the verb are read with English
//     closed classes: determiners are skipped, as PETRARCH skips them in
//     the text; a preposition opens an oblique whose head is the last word
//     before the next preposition or marker ("* OVER EFFORTS":
//     over:efforts); particles ("DOWN", "OUT") and adverbs ("NOW", "NOT",
//     words in -LY) are +word; "TO W" is either the complement xcomp:W or
//     the oblique to:W (both are written, and only the one the parse has
//     can match); the first other word is the object's head or, alone,
//     the verb of a complement ("* RESIST": resist, or xcomp:resist).
//     Auxiliaries and conjunctions after the verb begin a clause, which a
//     pattern cannot describe. A run of several words is a head with
//     modifiers, which cannot be checked.
//   - PETRARCH-2 groups say the same explicitly: "(P W)" is P:W, "{A B}"
//     an object whose head is B (left out when A must be checked), a bare
//     word the head of the object.
//   - "&NAME" after the verb is the avocet set P_NAME: the synset's
//     one-word members and those of synsets inside it; members of several
//     words are left out of the set. A synset all of whose members are
//     prepositions (&PREPOSIT1 = AGAINST, IN, ON) stands for a
//     preposition: one pattern per member. A TABARI choice "{A | B}" gives
//     one pattern per alternative.
//   - Before the verb, '$' (the subject) asks nothing more; adverbs and
//     negation are +word ("NOT *": +not); "W TO *" and "W_TO_*" make the
//     pattern one of W with the verb as its complement ("FAILED_TO_*" in
//     AGREE: fail xcomp:agree). '+' before the verb with a form of "be"
//     ("+ WAS_ *") or with "BY $" after it is the passive: T. Small
//     synsets before the verb stand for their members (&NEGATVAUXVRB = DID
//     N'T, WO N'T). Any other word or marker before the verb (a subject,
//     an auxiliary, a verb the clause depends on, '%', '+') is left out.
//   - When a reading names neither a target nor an object, the target is
//     PETRARCH's default, the first actor after the verb: the reading is
//     written with T (the object) and without.
//   - Patterns that end up alike for a verb keep the first in file order.
//     TABARI verb dictionaries (stems) are not converted.
//
// Actor names are matched in any case. Dated codes come first and the
// undated default last; "---" for a period means no actor then, and an
// entry whose only code is "---" is left out. An entry whose codes are all
// three letters (not IGO, NGO, IMG, MNC, UIS or NGM) is a country. Agent
// codes "~GOV" and "GOV~" both become the role GOV (avocet composes roles
// after the country only); substitution markers are expanded and listed
// plurals kept. Discards and issues carry over, in lower case.
//
// # Folders
//
// ReadDir reads the files a PETR_config.ini names, or, without one, every
// file whose name KindOf recognises.
//
// # Errors and warnings
//
// A line that cannot be read is an error: a *avocet.PosError with the file
// and line, wrapping avocet.ErrInvalidInput and saying what is wrong. By
// default reading stops at the first error. With Options.Lenient the line
// is skipped, the error goes to Options.Warn, and reading goes on.
//
// A few slips occur in the published dictionaries and have an evident
// reading, usually the one PETRARCH gives them. They are read that way and
// reported to Options.Warn (again as *avocet.PosError), in strict mode too:
//
//   - verbs: a stray ')' or '}' outside any group is ignored; a '{' choice
//     closed with ']' is read as closed; a second '*' is ignored; a pattern
//     without '*' has the verb after it; a pattern without a code has Code
//     ""; a pattern line starting with '*' instead of "- *" is a pattern; a
//     block header with two codes uses the first; a malformed irregular
//     form ("BLOWING_UP+") is dropped from its list; a synset defined twice
//     collects both lists; a synset that is never defined is reported (the
//     pattern is kept; PETRARCH ignores it).
//   - actors: a date of 7 digits is read as YYMMDD and one of 9 or more as
//     YYYYMMDD, ignoring the extra digits; a date without '<', '>' or '-'
//     leaves the code unrestricted; a period that ends before it starts
//     drops that code; a ']' inside a name is removed; text after the codes
//     is ignored.
//   - agents: a code closed with '}' is read as closed; a line without a
//     code is skipped.
//   - issues: a phrase without a code is skipped; text after the code is
//     ignored; a "</ISSUE>" with no open block is ignored.
//
// The readers bound their work: a line may hold at most 64 KiB, a pattern
// at most 1024 elements, groups nest one level, transformations eight.
package petrarch
