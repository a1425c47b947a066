namespace Methane.Firmware.Core.Json
{
    /// <summary>Why <see cref="JsonReader"/> stopped. The reader never throws on bad input; it reports one of these.</summary>
    public enum JsonError
    {
        None = 0,
        /// <summary>The input ended inside a value or container (also: empty input).</summary>
        UnexpectedEnd = 1,
        /// <summary>A byte that the grammar does not allow at this point.</summary>
        UnexpectedCharacter = 2,
        /// <summary>Something that starts like true/false/null but is not.</summary>
        InvalidLiteral = 3,
        /// <summary>A number that breaks the RFC 8259 number grammar (leading zero, missing digits, …).</summary>
        InvalidNumber = 4,
        /// <summary>A bad escape sequence, or a \u escape that is a lone surrogate.</summary>
        InvalidEscape = 5,
        /// <summary>An unescaped control character (below 0x20) inside a string.</summary>
        ControlCharacterInString = 6,
        /// <summary>A string that is not well-formed UTF-8 (overlong, surrogate, truncated sequence, …).</summary>
        InvalidUtf8 = 7,
        /// <summary>Nesting deeper than the reader's configured maximum.</summary>
        DepthExceeded = 8,
        /// <summary>Non-whitespace after the top-level value.</summary>
        TrailingData = 9,
    }
}
