namespace Methane.Emissions.Simulation;

/// <summary>One controlled release: the truth the evaluation keeps apart from the inversion.</summary>
public sealed record Release(int Id, int SourceIndex, string Source, double RateKgPerHour, DateTimeOffset Start, DateTimeOffset End)
{
    public bool ActiveAt(DateTimeOffset t) => t >= Start && t < End;
}
