using System;
using System.IO.Ports;
using System.Text;
using System.Threading;
using Methane.Firmware.Device.App.Board;
using nanoFramework.Hardware.Esp32;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>
    /// Line-oriented technician console on COM2 (115200 8N1, no flow control). Accepts CR, LF or CRLF line ends, ignores
    /// bytes it cannot decode, and caps a line at 2 KB (a PEM line is 64 characters; a whole certificate is sent line by line).
    /// </summary>
    public sealed class SerialConsole
    {
        private const int MaxLine = 2048;
        private readonly SerialPort _port;
        private readonly byte[] _rx = new byte[64];
        private readonly byte[] _line = new byte[MaxLine];
        private readonly object _writeGate = new object();
        private int _lineLength;
        private bool _lastWasCr;
        private int _rxPos;
        private int _rxCount;

        public SerialConsole()
        {
            Configuration.SetPinFunction(BoardPins.ConsoleRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(BoardPins.ConsoleTx, DeviceFunction.COM2_TX);
            _port = new SerialPort(BoardPins.ConsolePort, BoardPins.ConsoleBaud);
            _port.Parity = Parity.None;
            _port.StopBits = StopBits.One;
            _port.Handshake = Handshake.None;
            _port.ReadTimeout = 200;
            _port.WriteTimeout = 1000;
            _port.Open();
        }

        public void WriteLine(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + "\r\n");
            lock (_writeGate)
            {
                try
                {
                    _port.Write(bytes, 0, bytes.Length);
                }
                catch (Exception)
                {
                    // a console with nobody attached must never stop the device
                }
            }
        }

        /// <summary>Next complete line, or null after <paramref name="timeoutMs"/> (negative: wait forever).</summary>
        public string ReadLine(int timeoutMs)
        {
            int waited = 0;
            while (true)
            {
                // drain what an earlier read left behind before asking the UART for more: a pasted PEM arrives many lines at once
                while (_rxPos < _rxCount)
                {
                    string line = Accept(_rx[_rxPos++]);
                    if (line != null)
                    {
                        return line;
                    }
                }

                int available = _port.BytesToRead;
                if (available > 0)
                {
                    _rxCount = _port.Read(_rx, 0, available < _rx.Length ? available : _rx.Length);
                    _rxPos = 0;
                    continue;
                }

                if (timeoutMs >= 0 && waited >= timeoutMs)
                {
                    return null;
                }

                Thread.Sleep(20);
                waited += 20;
            }
        }

        private string Accept(byte b)
        {
            if (b == (byte)'\r' || b == (byte)'\n')
            {
                bool crlf = b == (byte)'\n' && _lastWasCr;
                _lastWasCr = b == (byte)'\r';
                if (crlf)
                {
                    return null;
                }

                string line = Encoding.UTF8.GetString(_line, 0, _lineLength);
                _lineLength = 0;
                return line;
            }

            _lastWasCr = false;
            if (_lineLength < MaxLine)
            {
                _line[_lineLength++] = b;
            }

            return null;
        }
    }
}
