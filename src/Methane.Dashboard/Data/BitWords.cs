namespace Methane.Dashboard.Data;

/// <summary>A bit field in words: the named bits in table order, unknown bits by number so nothing is hidden.</summary>
public static class BitWords
{
    public static IReadOnlyList<string> Of(int flags, IReadOnlyList<(int Bit, string Word)> table)
    {
        var words = new List<string>();
        int known = 0;
        foreach (var (bit, word) in table)
        {
            known |= bit;
            if ((flags & bit) != 0) words.Add(word);
        }
        for (int bit = 0; bit < 31; bit++)
        {
            if ((flags & ~known & (1 << bit)) != 0) words.Add($"unknown bit {bit}");
        }
        return words;
    }
}
