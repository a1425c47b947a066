namespace Methane.Firmware.Core.Json
{
    public enum JsonTokenType
    {
        None = 0,
        StartObject = 1,
        EndObject = 2,
        StartArray = 3,
        EndArray = 4,
        PropertyName = 5,
        String = 6,
        Number = 7,
        True = 8,
        False = 9,
        Null = 10,
        /// <summary>The single top-level value ended and only whitespace followed.</summary>
        EndOfDocument = 11,
        /// <summary>The input is not valid JSON; see <see cref="JsonReader.Error"/> and <see cref="JsonReader.ErrorPosition"/>.</summary>
        Error = 12,
    }
}
