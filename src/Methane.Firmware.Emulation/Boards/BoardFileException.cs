namespace Methane.Firmware.Emulation.Boards;

/// <summary>
/// A board file that cannot be used. The message reads "{file}: {jsonPath}[ = {value}]: {expected}", e.g.
/// <c>boards/x.json: $.parts.ads1115.address = "0x80": expected 0x48 to 0x4B</c>.
/// </summary>
public sealed class BoardFileException : Exception
{
    public BoardFileException(string file, string jsonPath, string? value, string expected, Exception? inner = null)
        : base(Format(file, jsonPath, value, expected), inner)
    {
        File = file;
        JsonPath = jsonPath;
        Value = value;
        Expected = expected;
    }

    public string File { get; }
    /// <summary>JSONPath of the offending field, e.g. <c>$.i2c.sdaPin</c>.</summary>
    public string JsonPath { get; }
    /// <summary>The value as written in the file (raw JSON), or null when the field is missing.</summary>
    public string? Value { get; }
    /// <summary>What was expected; when <see cref="Value"/> is null, the whole problem ("missing required field (a number)").</summary>
    public string Expected { get; }

    private static string Format(string file, string jsonPath, string? value, string expected) =>
        value is null ? $"{file}: {jsonPath}: {expected}" : $"{file}: {jsonPath} = {value}: expected {expected}";
}
