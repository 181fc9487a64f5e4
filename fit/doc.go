// Package fit fits a scenario's "today" arm to an organisation's own
// records or to its answers to DORA's Quick Check, with an interval for
// every fitted parameter.
//
// The fit chooses practices, never outcomes. Release cadence and batch size
// come from deployment times and changes per deployment; the defect and
// deployment-error probabilities from the change failure rate (a Beta
// posterior of failed out of total deployments); detection, mitigation and
// repair times from incident durations (log-normal by maximum likelihood,
// incidents still open at the end of the records right-censored); changes
// per day from the change records or the team size. Outcomes follow from
// simulating the fitted arm, and the fit is checked by comparing them with
// what was measured, the same estimators applied to both.
//
// Readers are strict: a record without a required field, an unparseable
// date or an incident resolved before it started is an *InputError naming
// the file, line and column, never a guess. They read:
//
//   - the plain records deploysim export --to csv writes (deployments.csv,
//     changes.csv, incidents.csv);
//   - Apache DevLake's domain tables cicd_deployment_commits, incidents and
//     project_pr_metrics, as CSV or as the SQL mysqldump writes;
//   - GitHub's deployments API JSON (deployments with their statuses);
//   - PagerDuty's /incidents JSON;
//   - the Quick Check's five answers and a few facts about the team (YAML).
package fit
