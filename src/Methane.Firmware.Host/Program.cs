Console.WriteLine("methane-host: not yet wired (see README).");
return 0;
