using Methane.Dashboard.Cli;

// methane-dashboard: 'dashboard --db FILE' serves a stored run; 'users …' manages the local accounts.
return await DashboardCli.RunAsync(args, Console.In, Console.Out, Console.Error, "methane-dashboard");
