package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/memstore"
)

func Example() {
	ctx := context.Background()
	s := memstore.New(nil)
	defer s.Close()

	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	b := avocet.Batch{
		Articles: []avocet.StoredArticle{{
			Article: avocet.Article{ID: "a1", Publisher: "Reuters", Date: day, Language: "en"},
			Input:   "example.jsonl",
		}},
		Events: []avocet.StoredEvent{{
			ID: "a1-0-0",
			Event: avocet.Event{
				ArticleID: "a1", Date: day, Code: "042", BaseCode: "042", RootCode: "04",
				Source:    avocet.Actor{Code: "USAGOV", Country: "USA", Sectors: []string{"GOV"}},
				Target:    avocet.Actor{Code: "RUS", Country: "RUS"},
				QuadClass: 1, Goldstein: 1.9, Mentions: 1,
			},
			SentenceText: "The U.S. envoy visited Moscow.",
		}},
	}
	res, err := s.Put(ctx, b)
	fmt.Println(res.Articles, res.Events, err)
	res, err = s.Put(ctx, b) // idempotent
	fmt.Println(res.Articles, res.Duplicates, err)

	page, _ := s.Events(ctx, avocet.EventQuery{Source: "USA*", Text: "moscow"})
	for _, e := range page.Events {
		fmt.Println(e.ID, e.Source.Code, e.Code, e.Target.Code)
	}
	// Output:
	// 1 1 <nil>
	// 0 1 <nil>
	// a1-0-0 USAGOV 042 RUS
}
