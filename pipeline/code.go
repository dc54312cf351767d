package pipeline

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strconv"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/enrich"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// ArticleCoder codes whole articles held in memory: it segments the text,
// annotates every sentence, codes the headline and the body as one story
// and returns what a Store keeps. It is safe for concurrent use when its
// Annotator is (the nlp Annotator is).
type ArticleCoder struct {
	Annotator   Annotator    // tags and parses sentences
	Coder       *coder.Coder // turns parsed sentences into events
	DefaultDate time.Time    // story date for articles without one; zero leaves their events undated
	Segment     *text.Options
	Geocoder    *geo.Geocoder // places events (the sentence's place, else the story's, else the dateline's) and their actors; nil leaves them unplaced

	// Knowledge asks Code for the article's knowledge too: themes, tone,
	// amounts, quotations and dates (enrich), places (Geocoder) and
	// entities (Entities).
	Knowledge bool
	Enrich    *enrich.Options // options of enrich.Article; nil means the defaults
	// Entities, when set, finds the article's named entities; date is the
	// story date (zero when unknown), for actor codes that change over time.
	Entities func(text string, sents []avocet.Sentence, date time.Time) []avocet.Entity
}

// NewArticleCoder returns an ArticleCoder over the annotator and
// dictionaries, with the dictionaries' multiword names and demonyms given
// to the tagger as the commands do.
func NewArticleCoder(ann *nlp.Annotator, d *dict.Dictionaries, book *cameo.Codebook, opts coder.Options) *ArticleCoder {
	c := coder.New(d, book, opts)
	return &ArticleCoder{Annotator: ann.WithNames(nlp.NewNames(c.Names(), c.Demonyms())), Coder: c}
}

// Coded is one article as coded: the record to store, its events, and the
// uncoded subject/object phrases it contained (for new-actor discovery).
type Coded struct {
	Article   avocet.StoredArticle
	Events    []avocet.StoredEvent
	Unknown   map[string]int
	Knowledge *avocet.Knowledge // when ArticleCoder.Knowledge is set
}

// Code codes a. The article's Text is repaired (invalid UTF-8 becomes
// U+FFFD) before any span is taken, so spans point into Coded.Article.Text.
// A panic inside a stage is turned into an error naming the article, so
// one bad article cannot stop an ingest.
func (ac *ArticleCoder) Code(a avocet.Article) (c Coded, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("article %s: internal error while coding: %v\n%s", a.ID, r, debug.Stack())
		}
	}()
	a.Text, _ = text.Repair(a.Text)
	a.Title, _ = text.Repair(a.Title)
	if a.Language == "" {
		a.Language = "en"
	}
	if a.Dateline == "" {
		if d, ok := text.Dateline(a.Text); ok {
			a.Dateline = a.Text[d.Place.Start:d.Place.End]
		}
	}
	storyArticle := a
	if storyArticle.Date.IsZero() {
		storyArticle.Date = ac.DefaultDate
	}
	story := ac.Coder.NewStory(&storyArticle)
	sentTexts := map[int]avocet.Span{}
	title := CodeHeadline(story, ac.Annotator, a.Title)
	sents := text.Segment(a.Text, ac.Segment)
	for i := range sents {
		s := &sents[i]
		s.Index = i
		ac.Annotator.Annotate(s)
		story.Code(a.Text, 0, s)
		sentTexts[i] = s.Span
	}
	c.Article = avocet.StoredArticle{Article: a, Sentences: len(sents)}
	var places []geo.Mention
	var main, dateline *avocet.Location
	var entities []avocet.Entity
	if ac.Knowledge && ac.Entities != nil {
		entities = ac.Entities(a.Text, sents, storyArticle.Date)
	}
	if ac.Geocoder != nil {
		places = ac.Geocoder.Places(a.Text, sents, a.Dateline)
		places = reconcile(entities, places)
		main = geo.StoryPlace(places)
		dateline = ac.Geocoder.Dateline(a.Dateline)
	}
	perSentence := map[int]int{}
	for _, e := range story.Events() {
		se := avocet.StoredEvent{Event: e}
		if e.Sentence < 0 {
			se.SentenceText = title
			se.SentenceSpan = avocet.Span{Start: 0, End: len(title)}
		} else {
			sp := sentTexts[e.Sentence]
			se.SentenceText = a.Text[sp.Start:sp.End]
			se.SentenceSpan = sp
		}
		if ac.Geocoder != nil {
			se.Location = geo.EventPlace(places, e.Sentence, main, dateline)
			se.Source.Place = ac.Geocoder.ActorPlace(places, e.Sentence, &se.Source)
			se.Target.Place = ac.Geocoder.ActorPlace(places, e.Sentence, &se.Target)
		}
		n := perSentence[e.Sentence]
		perSentence[e.Sentence]++
		se.ID = EventID(a.ID, e.Sentence, n)
		c.Events = append(c.Events, se)
	}
	c.Article.Events = len(c.Events)
	if ac.Knowledge {
		k := enrich.Article(&storyArticle, sents, ac.Enrich)
		k.ArticleID = a.ID
		k.Locations = geo.RankPlaces(places)
		k.Entities = entities
		placeEntities(k.Entities, places)
		c.Knowledge = &k
	}
	c.Unknown = story.Unknown()
	return c, nil
}

// EventID is the stable identifier of the n-th event (from 0) of a
// sentence of an article: "<article>-<sentence>-<n>"; the headline is
// sentence "h".
func EventID(article string, sentence, n int) string {
	s := "h"
	if sentence >= 0 {
		s = strconv.Itoa(sentence)
	}
	return article + "-" + s + "-" + strconv.Itoa(n)
}

// CodeHeadline codes a story's title as its own sentence (index -1, marked
// as a headline) and returns the repaired title its spans point into.
func CodeHeadline(story *coder.Story, ann Annotator, title string) string {
	if title == "" {
		return ""
	}
	title, _ = text.Repair(title)
	for _, s := range text.Segment(title, nil) {
		s.Headline = true
		s.Index = -1
		ann.Annotate(&s)
		story.Code(title, 0, &s)
	}
	return title
}

// surePlace is the geocoder confidence from which a name the recogniser
// took for an unknown person is a place instead ("shelled Kharkiv").
const surePlace = 0.9

// reconcile settles names that the recogniser and the geocoder read
// differently. A person the dictionaries do not know, every mention of
// which the geocoder resolved with confidence surePlace or more, is a
// place (GPE). Otherwise a person's mentions are not places unless a
// locative word comes before them ("Johnson said" is not Johnson, Kansas;
// "in Chester" stays Chester). It returns places without the dropped
// mentions; entities are retyped in place.
func reconcile(es []avocet.Entity, places []geo.Mention) []geo.Mention {
	if len(es) == 0 || len(places) == 0 {
		return places
	}
	at := make(map[avocet.Span]int, len(places))
	for i := range places {
		at[places[i].Span] = i
	}
	drop := map[int]bool{}
	for i := range es {
		e := &es[i]
		if e.Type != "PER" {
			continue
		}
		sure := e.Canonical == ""
		for _, m := range e.Mentions {
			j, ok := at[m]
			if !ok || places[j].Location.Confidence < surePlace {
				sure = false
				break
			}
		}
		if sure {
			e.Type = "GPE"
			continue
		}
		for _, m := range e.Mentions {
			if j, ok := at[m]; ok && !places[j].Locative {
				drop[j] = true
			}
		}
	}
	if len(drop) == 0 {
		return places
	}
	kept := make([]geo.Mention, 0, len(places)-len(drop))
	for i := range places {
		if !drop[i] {
			kept = append(kept, places[i])
		}
	}
	return kept
}

// placeEntities gives each LOC or GPE entity the place the geocoder
// resolved one of its mentions to: the first mention whose span overlaps
// a geocoded mention.
func placeEntities(es []avocet.Entity, places []geo.Mention) {
	if len(places) == 0 {
		return
	}
	for i := range es {
		e := &es[i]
		if e.Type != "LOC" && e.Type != "GPE" {
			continue
		}
	mentions:
		for _, m := range e.Mentions {
			// places are in text order; a binary search finds the first
			// that ends after the mention starts.
			j := sort.Search(len(places), func(j int) bool { return places[j].Span.End > m.Start })
			for ; j < len(places) && places[j].Span.Start < m.End; j++ {
				loc := places[j].Location
				e.Place = &loc
				break mentions
			}
		}
	}
}
