using Methane.Firmware.Host.Broker;
using MQTTnet.Protocol;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The embedded broker's routing index against the matching examples of MQTT 3.1.1 §4.7.</summary>
public sealed class SubscriptionIndexTests
{
    private static string[] Subscribers(SubscriptionIndex index, string topic)
    {
        var result = new Dictionary<string, MqttQualityOfServiceLevel>();
        index.Match(topic, result);
        return result.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
    }

    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]          // §4.7.1.2: '#' includes the parent level
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]                  // §4.7.1.3
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/monitor/Clients", false)]                               // §4.7.2: no wildcard match for '$' topics
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("$aws/things/dev-a/jobs/+/update/+", "$aws/things/dev-a/jobs/j1/update/accepted", true)]
    [InlineData("$aws/things/dev-a/jobs/+/update/+", "$aws/things/dev-b/jobs/j1/update/accepted", false)]
    public void Matches_like_the_specification(string filter, string topic, bool matches)
    {
        var index = new SubscriptionIndex();
        index.Add("c", filter, MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(matches ? new[] { "c" } : Array.Empty<string>(), Subscribers(index, topic));
    }

    [Fact]
    public void A_client_with_overlapping_filters_gets_one_delivery_at_the_highest_qos()
    {
        var index = new SubscriptionIndex();
        index.Add("c", "dt/#", MqttQualityOfServiceLevel.AtMostOnce);
        index.Add("c", "dt/methane/+/dev-a/telemetry", MqttQualityOfServiceLevel.AtLeastOnce);
        var result = new Dictionary<string, MqttQualityOfServiceLevel>();
        index.Match("dt/methane/site-1/dev-a/telemetry", result);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, Assert.Single(result).Value);
    }

    [Fact]
    public void Unsubscribing_and_ending_a_session_remove_exactly_that_clients_filters()
    {
        var index = new SubscriptionIndex();
        index.Add("a", "x/+", MqttQualityOfServiceLevel.AtLeastOnce);
        index.Add("a", "y/#", MqttQualityOfServiceLevel.AtLeastOnce);
        index.Add("b", "x/+", MqttQualityOfServiceLevel.AtLeastOnce);
        index.Remove("a", "x/+");
        Assert.Equal(new[] { "b" }, Subscribers(index, "x/1"));
        Assert.Equal(new[] { "a" }, Subscribers(index, "y/1/2"));
        index.RemoveClient("a");
        Assert.Empty(Subscribers(index, "y/1/2"));
        Assert.Equal(1, index.Count);
    }
}
