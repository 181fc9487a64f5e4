// Package bizcase turns a deploysim comparison into a business case: what
// moving from one way of delivering (an arm) to another saves a year, by
// source, and what the move is worth over a few years — NPV, ROI, payback
// in months and the break-even — with the uncertainty of the inputs and of
// the simulation carried through to the decision.
//
// The finance is a monthly cash-flow model (Evaluate): the one-off
// investment at month 0; each month the savings, ramping up linearly over
// the transition, less the running cost and the productivity dip (the
// J-curve), discounted at the yearly rate to the end of the month. With no
// transition, no dip and constant savings it is the spreadsheet annuity:
//
//	NPV = −I + (S − R)/12 · v(1 − vᴺ)/(1 − v),  v = (1 + r)^(−1/12),  N = 12 × years
//	payback = I / ((S − R)/12) months
//
// Run is the Monte Carlo around it. Each outer sample draws one value of
// every uncertain input (a 90% interval with a distribution: lognormal,
// beta, triangular or uniform) from its own seeded stream, applies the
// draw to the scenario and the case, and simulates both arms for a number
// of years on common random numbers (the same work arrives at both). The
// sample's savings are the mean over those years; its NPV, ROI and payback
// follow. The spread over samples combines input uncertainty with the
// simulation's noise on each sample's mean, and Result.Variance splits the
// two with the law of total variance. A tornado sets one input at a time
// to the ends of its interval, all others at their medians, on the same
// random numbers, and ranks the inputs by how far NPV swings. The same
// seed gives the same Result for any number of workers.
//
// Beside it, Result.DORA applies the formula of DORA's ROI whitepapers
// (downtime cost a year = deploys × change failure rate × time to restore ×
// outage cost per hour; payback = investment ÷ annual value) to the same
// simulated arms, so that a reader can see where the two disagree.
package bizcase
