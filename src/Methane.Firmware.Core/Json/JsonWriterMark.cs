namespace Methane.Firmware.Core.Json
{
    /// <summary>A saved position of a <see cref="JsonWriter"/> (see <see cref="JsonWriter.Mark"/> / <see cref="JsonWriter.Rewind"/>).</summary>
    public struct JsonWriterMark
    {
        internal int Position;
        internal int Depth;
        internal bool NeedsComma;
    }
}
