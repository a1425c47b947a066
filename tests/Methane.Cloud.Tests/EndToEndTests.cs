using System.Text;
using Methane.Cloud.Pipeline;
using Methane.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Tests;

/// <summary>Publisher (device certificate) → Mosquitto (mTLS, per-CN ACL) → pipeline → DuckDB and the raw archive.</summary>
public class EndToEndTests
{
    [MosquittoFact]
    public async Task Telemetry_batches_alarms_and_garbage_flow_through_mosquitto_into_the_store_and_archive()
    {
        using TestPki pki = TestPki.Create("cloud-e2e");
        using MosquittoBroker broker = MosquittoBroker.Start(pki);
        string dir = TestData.TempDir();
        var options = new PipelineOptions
        {
            BrokerHost = MosquittoBroker.Host,
            BrokerPort = broker.Port,
            CaCertificate = pki.CaCertificate(),
            ClientCertificate = pki.ClientCertificate(MosquittoBroker.ObserverIdentity),
            ClientId = MosquittoBroker.ObserverIdentity,
            DatabasePath = Path.Combine(dir, "e2e.duckdb"),
            ArchiveRoot = Path.Combine(dir, "archive"),
            SitesFile = SynthesizedTemplates.SitesFile,
            FlushInterval = TimeSpan.FromMilliseconds(50),
        };
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        MethanePipeline pipeline = await MethanePipeline.StartAsync(options);
        try
        {
            IMqttClient device = new MqttClientFactory().CreateMqttClient();
            await device.ConnectAsync(MethanePipeline.BuildClientOptions(options with
            {
                ClientCertificate = pki.ClientCertificate("dev-e2e"),
                ClientId = "dev-e2e",
            }));
            async Task Publish(string kind, string payload) => await device.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"dt/methane/site-north/dev-e2e/{kind}").WithPayload(Encoding.UTF8.GetBytes(payload))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

            for (int seq = 1; seq <= 10; seq++) await Publish("telemetry", TestData.Reading("site-north", "dev-e2e", seq, now + seq, ch4: 100 * seq));
            await Publish("batch", "[" + TestData.Reading("site-north", "dev-e2e", 12, now + 12) + "," + TestData.Reading("site-north", "dev-e2e", 13, now + 13) + "]");
            await Publish("alarm", TestData.Alarm("site-north", "dev-e2e", 13, now + 13, "raised", previous: 0, alarm: 2));
            await Publish("telemetry", "{\"v\":1,\"thing\":\"dev-e2e\"}");
            await device.DisconnectAsync();
            device.Dispose();

            long deadline = Environment.TickCount64 + 15_000;
            while (pipeline.Stats.MessagesReceived < 13 && Environment.TickCount64 < deadline) await Task.Delay(20);
            Assert.True(await pipeline.DrainAsync(TimeSpan.FromSeconds(10)));

            Assert.Equal(13, pipeline.Stats.MessagesReceived);           // 10 telemetry + 1 batch + 1 alarm + 1 invalid
            Assert.Equal(12, pipeline.Database!.Count("readings"));        // 10 single + 2 from the batch
            Assert.Equal(1, pipeline.Database!.Count("alarm_events"));
            Assert.Equal(1, pipeline.Stats.DeadLetters);
            Assert.Equal(1, pipeline.Stats.Seq.OutstandingMissing);     // seq 11 never sent
            LatestReading latest = Assert.Single(pipeline.Database!.LatestPerDevice());
            Assert.Equal(("dev-e2e", 13L), (latest.Thing, latest.Seq));
            var (reason, field, _) = Assert.Single(pipeline.Database!.DeadLetterSummary());
            Assert.Equal(("invalid-field", "site"), (reason, field)); // the first required field that is missing
        }
        finally
        {
            await pipeline.DisposeAsync();
        }

        string[] files = Directory.GetFiles(options.ArchiveRoot, "*.ndjson.gz", SearchOption.AllDirectories);
        string partition = RawArchiveWriter.PartitionOf("site-north", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains(partition.Replace('/', Path.DirectorySeparatorChar), f));
        int lines = files.Sum(f => StoreAndArchiveTests.ReadGzipLines(f).Length);
        Assert.Equal(12, lines);
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
