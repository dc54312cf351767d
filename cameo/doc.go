// Package cameo is the CAMEO event codebook: every CAMEO 1.1b3 event code
// with its name, Goldstein weight, GDELT QuadClass and PLOVER event type and
// mode. The event coder uses it to fill avocet.Event's CAMEO fields, and
// output formats use it to name codes.
//
// # Codes
//
// A CAMEO event code has 2 to 4 digits. The first two are the root, one of
// the twenty top-level categories "01" (MAKE PUBLIC STATEMENT) to "20" (USE
// UNCONVENTIONAL MASS VIOLENCE); the first three are the base code. A code
// ending in 0 at the third digit is the unspecified form of its root ("040"
// Consult); a fourth digit refines a base code ("0341" under "034"). Root,
// Base, QuadClass and Valid work on code strings alone; a Codebook knows
// which codes exist.
//
// The embedded codebook (Default) holds 318 codes: 20 roots, 149 3-digit
// and 149 4-digit codes. Those are the 312 codes of the ICEWS CAMEO table
// plus 155, 176, 1834, 1951 and 1952 (codebook 1.1b3 codes that ICEWS and
// GDELT lack) and 1214 (from codebook 0.7b5 and the PLOVER tables).
//
// # Values
//
//   - Goldstein: the Goldstein (1992) conflict-cooperation weight, -10..+10,
//     as distributed with ICEWS (GDELT's table differs for 016, 022, 164
//     and 165; see codebook.txt).
//   - QuadClass: GDELT's four classes, from the root: 1 Verbal Cooperation
//     (01-05), 2 Material Cooperation (06-08), 3 Verbal Conflict (09-13),
//     4 Material Conflict (14-20).
//   - Plover, PloverMode: the PLOVER event type and mode of the 2021
//     CAMEO-to-PLOVER table (AGREE, CONSULT, SUPPORT, COOPERATE, AID,
//     CONCEDE, RETREAT, ACCUSE, REQUEST, REJECT, THREATEN, PROTEST, MOBILIZE,
//     SANCTION, COERCE, ASSAULT). PloverOld, PloverOldMode: the same in the
//     pre-2021 names (COOPERATION, INVESTIGATE, DEMAND, DISAPPROVE), for
//     matching older PLOVER-coded data. PLOVER maps nothing under roots 01
//     and 02, so those fields are empty there.
//
// # Data file
//
// The codebook is the text file codebook.txt, embedded with go:embed. Its
// header names the sources (CAMEO codebook 1.1b3, Schrodt 2012; Goldstein
// weights as used by ICEWS and GDELT; the PLOVER project's CAMEO mapping,
// CC BY-SA 4.0), the licence, and every choice made where the sources
// disagree. Each line is
//
//	CODE GOLDSTEIN PLOVER MODE PLOVER_OLD MODE_OLD NAME
//
// with fields separated by spaces or tabs, NAME being the rest of the line
// and "-" marking an empty PLOVER field; "#" starts a comment line. Parse
// reads the same format from any reader, for a replacement or extended
// codebook; its errors name the file and line.
//
// # Codes found in the wild
//
// Dictionaries and coders do not always write codes from the book:
// PETRARCH and TABARI files have "174K", "102b", "023?", "080!" and "---"
// (no event), and coders emit 4-digit codes the book does not list.
// Lookup is exact; Resolve strips such suffixes and falls back to the base
// code and then the root.
package cameo
