namespace Methane.Emissions.Jobs;

/// <summary>
/// One stored reading as the emission job reads it from either store (the local pipeline's DuckDB <c>readings</c> table,
/// the cloud's InfluxDB <c>methane</c> measurement): the fields of <see cref="StoredReadings.Fields"/>, null where the
/// reading had none (a v1 reading has no role, ambient group or wind; a gas reading no wind; a met reading no methane).
/// </summary>
public readonly record struct StoredReadingRow(string Thing, long EventMs, double? Ch4Ppm, double? Ch4EnhPpm, int Flags,
    double? WindSpeedMs, double? WindDirDeg, double? WindSigmaDeg, string? Role = null, double? Ch4AmbPpm = null, int? WindFlags = null);
