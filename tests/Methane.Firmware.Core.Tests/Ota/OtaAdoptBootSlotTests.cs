using System.Security.Cryptography;
using Methane.Firmware.Core.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Ota;

/// <summary>
/// The device splits one boot between two instances: the resident loader selects the slot (counting the trial boot), the
/// application's own instance adopts that choice. The application must be able to confirm a trial it runs, exactly once
/// counted, and must refuse a slot the record does not allow.
/// </summary>
public sealed class OtaAdoptBootSlotTests
{
    private static readonly byte[] OldImage = new byte[5_000];
    private static readonly byte[] NewImage = new byte[7_000];

    static OtaAdoptBootSlotTests()
    {
        new Random(3).NextBytes(OldImage);
        new Random(4).NextBytes(NewImage);
    }

    [Fact]
    public void Application_instance_confirms_the_trial_the_loader_started_without_a_second_boot_count()
    {
        var rail = new PowerRail();
        var clock = new FakeClock();
        var images = new FakeImageStore(64_000, rail);
        var states = new FakeStateStore(rail);
        images.Flash(0, OldImage);

        var app = new OtaStateMachine(states, images, clock);
        app.Load();
        Assert.Equal(OtaError.None, app.BeginDownload("job-1", "1.1.0", NewImage.Length, SHA256.HashData(NewImage), 0));
        Assert.True(images.Append(1, NewImage, 0, NewImage.Length));
        Assert.Equal(OtaError.None, app.MarkStaged());
        Assert.True(app.RequestApply());

        // Reboot: the loader's instance decides and counts.
        var loader = new OtaStateMachine(states, images, clock);
        loader.Load();
        Assert.Equal(1, loader.SelectBootSlot());
        Assert.Equal(1, loader.BootCount);

        // The application loaded from slot 1 adopts it.
        app = new OtaStateMachine(states, images, clock);
        app.Load();
        Assert.Equal(0, app.RunningSlot); // before adopting, Load assumes the active slot
        Assert.True(app.AdoptBootSlot(1));
        Assert.Equal(1, app.RunningSlot);
        Assert.Equal(1, app.BootCount); // not counted twice
        Assert.True(app.ConfirmRunning());
        Assert.Equal(1, app.ActiveSlot);
    }

    [Fact]
    public void A_slot_that_is_neither_active_nor_on_trial_is_refused()
    {
        var rail = new PowerRail();
        var images = new FakeImageStore(64_000, rail);
        images.Flash(0, OldImage);
        var m = new OtaStateMachine(new FakeStateStore(rail), images, new FakeClock());
        m.Load();
        Assert.False(m.AdoptBootSlot(1)); // idle: only slot 0 (active) may run
        Assert.Equal(0, m.RunningSlot);
        Assert.True(m.AdoptBootSlot(0));
        Assert.False(m.ConfirmRunning()); // nothing on trial
    }
}
