package export

import (
	"context"

	"deploysim/models"
)

// Simulate runs replication opt.Replication of arm a with the experiment's
// seed, horizon and warm-up, keeping its trace, and lays it on the
// calendar. The outcome is the same as the run's for that replication.
func Simulate(ctx context.Context, a *models.Arm, exp *models.Experiment, opt Options) (*Data, *models.Outcome, error) {
	opt.Seed = exp.Seed
	if opt.Arm == "" {
		opt.Arm = a.Name
	}
	o, err := models.SimulateContext(ctx, a, models.RunOptions{
		Seed: exp.Seed, Replication: opt.Replication,
		HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours, Trace: true,
	})
	if err != nil {
		return nil, nil, err
	}
	d, err := Build(o.Trace, opt)
	if err != nil {
		return nil, nil, err
	}
	return d, &o, nil
}
