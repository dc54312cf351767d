module github.com/avocet-events/avocet

go 1.26.8
