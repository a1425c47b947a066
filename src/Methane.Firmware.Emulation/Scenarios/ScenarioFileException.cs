namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>A scenario file that cannot be used: "{file}: {jsonPath}[ = {value}]: {expected}".</summary>
public sealed class ScenarioFileException : Exception
{
    public ScenarioFileException(string file, string jsonPath, string? value, string expected, Exception? inner = null)
        : base(value is null ? $"{file}: {jsonPath}: {expected}" : $"{file}: {jsonPath} = {value}: expected {expected}", inner)
    {
        File = file;
        JsonPath = jsonPath;
        Value = value;
        Expected = expected;
    }

    public string File { get; }
    public string JsonPath { get; }
    public string? Value { get; }
    public string Expected { get; }
}
