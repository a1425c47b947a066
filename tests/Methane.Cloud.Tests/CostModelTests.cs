using Methane.Cloud.Pipeline.Cost;

namespace Methane.Cloud.Tests;

/// <summary>The cost command's model against hand-computed bills, and its input files' errors.</summary>
public sealed class CostModelTests
{
    private static readonly PriceTable Prices = PriceTable.Load(PriceTable.DefaultPath);

    [Fact]
    public void The_committed_price_table_names_region_date_and_an_https_source_for_every_price()
    {
        Assert.Equal("us-east-1", Prices.Region);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Prices.AsOf);
        Assert.Equal(PriceTable.RequiredPrices.Order(), Prices.Prices.Keys.Order());
        Assert.All(Prices.Prices.Values, p => Assert.StartsWith("https://aws.amazon.com/", p.Source));
    }

    [Theory]
    [InlineData(1e6, 1.00)]              // first tier: $1.00 per million
    [InlineData(1e9, 1000.0)]
    [InlineData(6e9, 4900.0)]            // 1,000 M x 1.00 + 4,000 M x 0.80 + 1,000 M x 0.70
    public void Messaging_is_billed_tier_by_tier(double units, double usd) => Assert.Equal(usd, Prices.MessagingUsd(units), 6);

    [Fact]
    public void A_month_long_run_of_one_device_is_billed_by_hand()
    {
        // One device for exactly one month (730 h): counts are already per device-month.
        var run = new TrafficRun("hand", 1, 730 * 3600, 5, 60, 525_600, new Dictionary<string, TopicTraffic>
        {
            ["batch"] = new(43_800, 43_800L * 2_000, 43_800, 525_600),
            ["alarm"] = new(10, 2_000, 10, 0),
            ["health"] = new(8_760, 8_760L * 320, 8_760, 0),
        });
        var bill = CostModel.PerDeviceMonth(run, Prices, 10_000).ToDictionary(l => l.Component, l => l.UsdPerDeviceMonth);
        Assert.Equal(43_800 * 0.08 / 1e6, bill["IoT Core connectivity"], 9);
        // 52,570 units x 10,000 devices = 525.7 M units: first tier, $1.00 per million.
        Assert.Equal(52_570 * 1.00 / 1e6, bill["IoT Core messaging"], 9);
        // batch: 2 rules per unit (archive, store), alarm: 2 (notification, history), health: 1 (health store); each with one
        // action: $0.15 + $0.15 per million.
        Assert.Equal((43_800 * 2 + 10 * 2 + 8_760) * 0.30 / 1e6, bill["Rules triggered + actions"], 9);
        // One archive record per batch message, billed as 5 KB.
        Assert.Equal(43_800 * 5120 / 1e9 * 0.029, bill["Firehose (5 KB per record)"], 9);
        // 200 sites x one PUT per 300 s; gzip 20 % of the 87.6 MB of reading payload.
        Assert.Equal(43_800 * 2_000 * 0.20 / 1e9 * 0.023 + 200 * 8_760 / 10_000.0 * 0.005 / 1000, bill["S3 archive"], 9);
        Assert.Equal(0.261 * 730 / 10_000, bill["InfluxDB instance (fixed)"], 9);
        // 525,600 readings x 10,000 devices x 40 B, 30 of the month's 30.4167 days kept: 207.3 GB x $0.20.
        Assert.Equal(525_600.0 * 10_000 * 40 * (30 * 86400 / (730.0 * 3600)) / 1e9 * 0.20 / 10_000, bill["InfluxDB storage"], 9);
        Assert.Equal(0, bill["Lambda"]);
    }

    [Fact]
    public void A_price_without_its_source_is_refused_naming_the_field()
    {
        string path = Path.Combine(TestData.TempDir(), "prices.json");
        File.WriteAllText(path, File.ReadAllText(PriceTable.DefaultPath).Replace("\"usd\": 0.029, \"source\": \"https://aws.amazon.com/firehose/pricing/\"", "\"usd\": 0.029"));
        var e = Assert.Throws<FormatException>(() => PriceTable.Load(path));
        Assert.Contains("prices.firehose_per_gb_ingested.source: missing", e.Message);
    }

    [Fact]
    public void A_run_without_devices_is_refused_naming_the_field()
    {
        string path = Path.Combine(TestData.TempDir(), "run.json");
        File.WriteAllText(path, """{"format":"methane-traffic-v1","source":"x","devices":0,"duration_s":10,"sample_interval_s":5,"publish_interval_s":60,"readings_taken":0,"topics":{}}""");
        var e = Assert.Throws<FormatException>(() => TrafficRun.Load(path));
        Assert.Contains("devices: got 0, expected at least 1", e.Message);
    }
}
