namespace Methane.Firmware.Core.Json
{
    /// <summary>
    /// The member names an object reader knows, and which of them it has seen in the current object: one place for the
    /// "which field is this, did it come twice" bookkeeping that a hand-written scanner would repeat per field. The messages
    /// ("name: duplicate", "name: missing") are built once here, so reporting them allocates nothing.
    /// </summary>
    public sealed class JsonFieldTable
    {
        private readonly string[] _names;
        private readonly bool[] _seen;
        private readonly string[] _duplicate;
        private readonly string[] _missing;

        public JsonFieldTable(string[] names)
        {
            if (names == null) throw new System.ArgumentNullException("names");
            _names = names;
            _seen = new bool[names.Length];
            _duplicate = new string[names.Length];
            _missing = new string[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                _duplicate[i] = names[i] + ": duplicate";
                _missing[i] = names[i] + ": missing";
            }
        }

        /// <summary>Forgets what was seen (call at the start of each object).</summary>
        public void Reset()
        {
            for (int i = 0; i < _seen.Length; i++) _seen[i] = false;
        }

        /// <summary>The index of the reader's current property name in the table, or -1 for a member the table does not know.</summary>
        public int Find(JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) return -1;
            for (int i = 0; i < _names.Length; i++)
            {
                if (reader.ValueEquals(_names[i])) return i;
            }
            return -1;
        }

        /// <summary>Marks field <paramref name="index"/> seen; true when it had been seen before in this object.</summary>
        public bool MarkSeen(int index)
        {
            bool before = _seen[index];
            _seen[index] = true;
            return before;
        }

        public bool Seen(int index) { return _seen[index]; }

        public string Name(int index) { return _names[index]; }

        /// <summary>"name: duplicate".</summary>
        public string Duplicate(int index) { return _duplicate[index]; }

        /// <summary>"name: missing".</summary>
        public string Missing(int index) { return _missing[index]; }
    }
}
