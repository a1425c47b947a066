using Methane.Firmware.Device.Boot;
using nanoFramework.TestFramework;

namespace Methane.Firmware.Device.Tests
{
    /// <summary>The loader's slot choice: an OTA image that never confirms must give the board back its old version.</summary>
    [TestClass]
    public class BootDecisionOnDeviceTests
    {
        [TestMethod]
        public void Pending_slot_is_tried_max_attempts_times_then_rolled_back()
        {
            BootState state = new BootState();
            BootDecision.Stage(state);
            Assert.AreEqual("b", state.Pending);
            Assert.AreEqual("b", BootDecision.ChooseSlot(state));
            Assert.AreEqual("b", BootDecision.ChooseSlot(state));
            Assert.AreEqual("b", BootDecision.ChooseSlot(state));
            // fourth boot without confirmation: back to a, pending cleared
            Assert.AreEqual("a", BootDecision.ChooseSlot(state));
            Assert.AreEqual(string.Empty, state.Pending);
            Assert.AreEqual("rolled-back:b", state.LastEvent);
        }

        [TestMethod]
        public void Confirmed_slot_becomes_active()
        {
            BootState state = new BootState();
            BootDecision.Stage(state);
            string slot = BootDecision.ChooseSlot(state);
            Assert.IsTrue(BootDecision.Confirm(state, slot));
            Assert.AreEqual("b", state.Active);
            Assert.AreEqual("b", BootDecision.ChooseSlot(state));
        }

        [TestMethod]
        public void State_survives_its_text_form()
        {
            BootState state = new BootState();
            BootDecision.Stage(state);
            BootDecision.ChooseSlot(state);
            BootState back = BootState.Parse(state.Format());
            Assert.AreEqual("a", back.Active);
            Assert.AreEqual("b", back.Pending);
            Assert.AreEqual(1, back.Attempts);
        }

        [TestMethod]
        public void Garbage_boot_file_falls_back_to_slot_a()
        {
            BootState state = BootState.Parse("active=z\npending=../x\nattempts=-1\n");
            Assert.AreEqual("a", state.Active);
            Assert.AreEqual(string.Empty, state.Pending);
            Assert.AreEqual(0, state.Attempts);
        }
    }
}
