// Package dora rates software delivery against DORA's published
// performance clusters: the report editions (Edition), their band tables
// with a source for every row (Bands, Band), the rating of an arm's four
// key metrics (Classify, Rate, Rating) and the Quick Check's scoring of a
// team's answers about its own delivery.
//
// It computes and never draws: the shaded regions a plot needs come from
// Regions, the words a report prints about a rule from OverallRule and
// RuleText, and package reports draws them.
//
// # Editions and rules
//
// Each arm is rated against the clusters of a DORA State of DevOps report
// (Edition: 2019 by default, 2021, 2022, 2023, 2024) from its headline
// deploys per year, median lead time, median recovery time and mean change
// failure rate. The band table, with the source of every row, is Bands;
// how values between or on the edges of bands are classified is explained
// at Band. The rule per edition is at RatedByProfile: where an edition
// publishes bands, each metric is rated by band and the overall cluster is
// the weakest of the four; 2024, whose change failure rates do not get
// worse from cluster to cluster, is rated overall by the nearest cluster
// profile over the four keys (Rating.Overall). Rating.Values keeps the
// numbers rated, which a table prints beside their clusters, so that a
// rating is always said together with its edition and its number.
//
// # Adding an edition
//
// A new edition is a constant beside DORA2024, an entry in Editions and
// its rows in the band table (one per metric and cluster, each with its
// Source); RatedByProfile says whether its clusters are bands.
//
// # The Quick Check
//
// DORA's Quick Check asks a team for its own deployment frequency, lead
// time for changes, change failure rate, failed deployment recovery time
// and deployment rework rate, and scores the answers against the same
// published clusters; its scoring lives here beside the bands it reads,
// so a self-assessment and a simulated arm are rated by one table.
package dora
