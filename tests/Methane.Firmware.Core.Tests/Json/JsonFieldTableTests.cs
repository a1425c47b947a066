using System.Text;
using Methane.Firmware.Core.Json;
using Xunit;

namespace Methane.Firmware.Core.Tests.Json;

public sealed class JsonFieldTableTests
{
    [Fact]
    public void Members_are_found_by_name_including_escaped_names_and_duplicates_are_told()
    {
        var table = new JsonFieldTable(["size", "url"]);
        // "\u0075rl" is "url" with an escape (RFC 8259 §7): the same member name.
        byte[] json = Encoding.UTF8.GetBytes("{\"url\":1,\"other\":2,\"size\":3,\"\\u0075rl\":4}");
        var r = new JsonReader(4);
        r.Reset(json, 0, json.Length);
        Assert.True(r.Read());
        var found = new List<(int Field, bool Duplicate)>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            int field = table.Find(r);
            found.Add((field, field >= 0 && table.MarkSeen(field)));
            Assert.True(r.Skip());
        }
        Assert.Equal([(1, false), (-1, false), (0, false), (1, true)], found);
        Assert.Equal("url: duplicate", table.Duplicate(1));
        Assert.Equal("size: missing", table.Missing(0));
        table.Reset();
        Assert.False(table.Seen(0));
        Assert.False(table.Seen(1));
    }
}
