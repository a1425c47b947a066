using System.Text;
using System.Text.Json;
using Json.Schema;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Telemetry;

/// <summary>
/// The alarm event contract: the firmware's encoder bytes, the host decoder and alarm-event-v1.schema.json (checked by
/// JsonSchema.Net, an independent validator) agree on every event kind and on every malformed message.
/// </summary>
public sealed class AlarmEventContractTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(AlarmEventSchema.Text));

    private const string Valid =
        "{\"v\":1,\"thing\":\"north-01\",\"site\":\"site-north\",\"seq\":41,\"timestamp\":1717243200123,\"event\":\"raised\"," +
        "\"alarm\":1,\"previous\":0,\"ch4_ppm\":6012.5,\"lel_pct\":12.025,\"rise_ppm_min\":350.2,\"flags\":1024}";

    private static bool SchemaValid(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(doc.RootElement).IsValid;
    }

    private static string Encode(Reading r, string evt, int previous, double rise)
    {
        var buffer = new byte[512];
        var w = new JsonWriter(buffer);
        EventMessages.WriteAlarm(w, TelemetryTestSupport.Identity, r, evt, previous, rise);
        Assert.False(w.Overflow);
        return Encoding.UTF8.GetString(buffer, 0, w.Length);
    }

    private static Reading Reading(int alarm, bool hasMethane = true, double ppm = 12345.67, int flags = 0) => new()
    {
        Seq = 9007199254740991, TimestampMs = 1_717_243_200_123, HasMethane = hasMethane, Ch4Ppm = ppm, LelPct = ppm / 500,
        Alarm = alarm, Flags = flags,
    };

    public static TheoryData<string, int, int> Transitions() => new()
    {
        { EventMessages.AlarmRaised, AlarmLevel.None, AlarmLevel.Low },
        { EventMessages.AlarmRaised, AlarmLevel.None, AlarmLevel.High },
        { EventMessages.AlarmRaised, AlarmLevel.Low, AlarmLevel.High },
        { EventMessages.AlarmChanged, AlarmLevel.High, AlarmLevel.Low },
        { EventMessages.AlarmCleared, AlarmLevel.High, AlarmLevel.None },
        { EventMessages.AlarmCleared, AlarmLevel.Low, AlarmLevel.None },
        { EventMessages.RateOfRise, AlarmLevel.None, AlarmLevel.None },
        { EventMessages.RateOfRise, AlarmLevel.High, AlarmLevel.High },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Firmware_alarm_bytes_are_schema_valid_and_decode_to_what_was_encoded(string evt, int previous, int alarm)
    {
        string json = Encode(Reading(alarm, flags: ReadingFlags.RateOfRise), evt, previous, 350.24);
        Assert.True(SchemaValid(json), json);
        Assert.True(AlarmEventDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out AlarmEventMessage? e, out TelemetryDecodeError? error), error?.Message);
        Assert.Equal(new AlarmEventMessage
        {
            V = 1, Thing = "methane-dev-0001", Site = "site_A-7", Seq = 9007199254740991, Timestamp = 1_717_243_200_123, Event = evt,
            Alarm = alarm, Previous = previous, Ch4Ppm = 12345.7, LelPct = 24.691, RisePpmMin = 350.2, Flags = ReadingFlags.RateOfRise,
        }, e);
        // The wire field order is the schema's (and the decoder's) list.
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(AlarmEventDecoder.Fields, doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Missing_methane_a_rate_window_not_yet_full_and_an_out_of_range_value_are_written_as_null()
    {
        foreach (string json in new[]
                 {
                     Encode(Reading(AlarmLevel.None, hasMethane: false), EventMessages.AlarmCleared, AlarmLevel.Low, double.NaN),
                     Encode(Reading(AlarmLevel.High, ppm: 2_000_000), EventMessages.AlarmRaised, AlarmLevel.None, double.PositiveInfinity),
                 })
        {
            Assert.True(SchemaValid(json), json);
            Assert.True(AlarmEventDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out AlarmEventMessage? e, out TelemetryDecodeError? error), error?.Message);
            Assert.Null(e!.Ch4Ppm);
            Assert.Null(e.LelPct);
            Assert.Null(e.RisePpmMin);
        }
    }

    private static string With(string field, string value)
    {
        int start = Valid.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        int end = Valid.IndexOfAny([',', '}'], start);
        return value.Length == 0
            ? Valid.Remove(start, end - start + (Valid[end] == ',' ? 1 : 0))
            : string.Concat(Valid.AsSpan(0, start), $"\"{field}\":{value}", Valid.AsSpan(end));
    }

    public static TheoryData<string, string, string> Malformed() => new()
    {
        // payload, the field the decoder names, a fragment of what it expected
        { With("v", "2"), "v", "schema version 1" },
        { With("event", ""), "event", "required field 'event'" },
        { With("rise_ppm_min", ""), "rise_ppm_min", "required field" },
        { With("event", "\"alarm\""), "event", "one of raised, cleared, changed, rate_of_rise" },
        { With("event", "\"cleared\""), "event", "fits previous 0 -> alarm 1" },
        { With("event", "\"rate_of_rise\""), "event", "fits previous 0 -> alarm 1" },
        { With("previous", "1"), "event", "fits previous 1 -> alarm 1" },
        { With("alarm", "3"), "alarm", "an integer from 0 to 2" },
        { With("previous", "-1"), "previous", "an integer from 0 to 2" },
        { With("ch4_ppm", "1000000.1"), "ch4_ppm", "from 0 to 1000000" },
        { With("lel_pct", "\"12\""), "lel_pct", "null or a number" },
        { With("seq", "1.5"), "seq", "an integer" },
        { With("thing", "\"a/b\""), "thing", "A-Z a-z 0-9 _ -" },
        { With("flags", "-1"), "flags", "from 0 to 2147483647" },
        { With("rise_ppm_min", "\"fast\""), "rise_ppm_min", "null or a finite number" },
        { Valid.Replace("}", ",\"fw\":\"1.0.0\"}"), "fw", "no such field" },
        // A schema-v1 telemetry reading is not an alarm event.
        { "{\"v\":1,\"thing\":\"d\",\"site\":\"s\",\"seq\":0,\"timestamp\":0,\"ch4_ppm\":null,\"alarm\":2,\"flags\":0}", "event", "required field 'event'" },
        { "[" + Valid + "]", "$", "one alarm event object" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_events_are_refused_by_the_schema_and_by_the_decoder_naming_the_field(string json, string field, string expected)
    {
        Assert.False(SchemaValid(json), json);
        Assert.False(AlarmEventDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out AlarmEventMessage? e, out TelemetryDecodeError? error));
        Assert.Null(e);
        Assert.Equal(field, error!.Path);
        Assert.Contains(expected, error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reference_event_is_valid_for_both()
    {
        Assert.True(SchemaValid(Valid));
        Assert.True(AlarmEventDecoder.TryDecode(Encoding.UTF8.GetBytes(Valid), out AlarmEventMessage? e, out _));
        Assert.Equal((AlarmEventKinds.Raised, 0, 1, 6012.5, 350.2), (e!.Event, e.Previous, e.Alarm, e.Ch4Ppm!.Value, e.RisePpmMin!.Value));
    }
}
