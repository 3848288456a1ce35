using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Snapshots
{
    /// <summary>
    /// A snapshot (docs/snapshot-format.md): the AWS CLI output of each operation the diagnosis needs, for one or
    /// more load balancers, plus the reasons any operation could not be collected. A missing section
    /// means "not known", never "empty". Unknown extra properties are kept and written back.
    /// </summary>
    internal sealed class SnapshotDocument
    {
        /// <summary>The newest AlbSnapshotVersion this module reads and the one it writes.</summary>
        public const int CurrentVersion = 1;

        public const string VersionProperty = "AlbSnapshotVersion";
        public const string CollectedAtProperty = "CollectedAt";
        public const string RegionProperty = "Region";
        public const string ErrorsProperty = "Errors";

        /// <summary>
        /// CloudWatch metrics per load balancer ARN (docs/snapshot-format.md, GetMetricData): optional and not an
        /// operation section, so a snapshot without it misses nothing and a malformed one is reported by
        /// its reader, never refused here.
        /// </summary>
        public const string MetricDataSection = "GetMetricData";

        private readonly JsonObject _root;

        /// <summary>A new, empty snapshot (no section known yet).</summary>
        public SnapshotDocument(string? region = null, DateTime? collectedAt = null)
        {
            _root = new JsonObject();
            _root.Set(VersionProperty, JsonValue.From(CurrentVersion));
            CollectedAt = collectedAt ?? DateTime.UtcNow;
            Region = region;
        }

        private SnapshotDocument(JsonObject root)
        {
            _root = root;
        }

        /// <summary>Reads a snapshot from JSON text; <paramref name="sourceName"/> (a file path) names it in errors.</summary>
        /// <exception cref="SnapshotFormatException">Not JSON, not a snapshot, or a newer version.</exception>
        public static SnapshotDocument Parse(string text, string sourceName)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            return Read(() => JsonValue.Parse(text), sourceName);
        }

        /// <summary>
        /// Reads a snapshot from UTF-8 JSON (with or without BOM) as it streams in, never holding the
        /// text whole; <paramref name="sourceName"/> names it in errors.
        /// </summary>
        /// <exception cref="SnapshotFormatException">Not JSON (invalid UTF-8 included), not a snapshot, or a newer version.</exception>
        public static SnapshotDocument Read(Stream utf8, string sourceName)
        {
            if (utf8 is null) throw new ArgumentNullException(nameof(utf8));
            return Read(() => JsonValue.Parse(utf8), sourceName);
        }

        /// <summary>Reads a snapshot file; the path names it in errors.</summary>
        public static SnapshotDocument Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            return Read(file, path);
        }

        private static SnapshotDocument Read(Func<JsonValue> parse, string sourceName)
        {
            sourceName = string.IsNullOrEmpty(sourceName) ? "snapshot" : sourceName;
            JsonValue value;
            try
            {
                value = parse();
            }
            catch (JsonException e)
            {
                throw new SnapshotFormatException(ErrorIds.SnapshotNotJson, sourceName,
                    "The file is not valid JSON: " + e.Reason + " at line " + e.Line + ", column " + e.Column + ".", e.Line, e.Column, e);
            }
            return Validate(value, sourceName, copy: false);
        }

        /// <summary>Checks the shape of a parsed JSON value and wraps (a copy of) it as a snapshot.</summary>
        public static SnapshotDocument FromJson(JsonValue value, string sourceName) => Validate(value, sourceName, copy: true);

        private static SnapshotDocument Validate(JsonValue value, string sourceName, bool copy)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            if (value is not JsonObject root)
                throw NotASnapshot(sourceName, "The JSON is " + Article(value.Kind) + ", not an object with " + VersionProperty + ".");
            var version = root[VersionProperty];
            if (version is null)
                throw NotASnapshot(sourceName, "It has no " + VersionProperty + " property, so it is not an AlbTroubleshoot snapshot (a snapshot starts with {\"" + VersionProperty + "\": 1, ...}).");
            if (version is not JsonNumber n || !n.TryGetInt64(out var v))
                throw NotASnapshot(sourceName, VersionProperty + " is " + version.ToJson(false) + "; it must be a whole number.");
            if (v > CurrentVersion)
                throw new SnapshotFormatException(ErrorIds.SnapshotVersionNotSupported, sourceName,
                    VersionProperty + " " + v + " is newer than this module reads (" + CurrentVersion + "); update AlbTroubleshoot to read it.");
            if (v < 1)
                throw NotASnapshot(sourceName, VersionProperty + " " + v + " is not a valid version; versions start at 1.");

            CheckString(root, RegionProperty, sourceName);
            CheckString(root, CollectedAtProperty, sourceName);
            foreach (var operation in SnapshotOperations.All)
                CheckSection(root, operation, sourceName);
            var errors = root[ErrorsProperty];
            if (errors is not null && errors.Kind != JsonKind.Null && errors is not JsonObject)
                throw NotASnapshot(sourceName, "'" + ErrorsProperty + "' is " + Article(errors.Kind) + "; it must be an object mapping an operation to a reason.");
            return new SnapshotDocument(copy ? (JsonObject)root.Clone() : root);
        }

        public int Version => (int)((JsonNumber)_root[VersionProperty]!).ToInt64();

        public string? Region
        {
            get => _root[RegionProperty]?.AsString();
            set
            {
                if (value is null) _root.Remove(RegionProperty);
                else _root.Set(RegionProperty, JsonValue.From(value));
            }
        }

        /// <summary>When the snapshot was collected (UTC), or null if the file does not say or says it unreadably.</summary>
        public DateTime? CollectedAt
        {
            get
            {
                var text = _root[CollectedAtProperty]?.AsString();
                if (text is null) return null;
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                    ? t : (DateTime?)null;
            }
            set
            {
                if (value is null) _root.Remove(CollectedAtProperty);
                else _root.Set(CollectedAtProperty, JsonValue.From(FormatTime(value.Value)));
            }
        }

        /// <summary>The operation sections present, in file order.</summary>
        public IEnumerable<string> Sections
        {
            get
            {
                foreach (var name in _root.Names)
                    if (SnapshotOperations.IsKnown(name) && HasSection(name)) yield return name;
            }
        }

        /// <summary>False when the section is missing (or JSON null): its data is unknown.</summary>
        public bool HasSection(string operation) => _root[operation] is JsonObject;

        /// <summary>The section's value (for a list section, the CLI response; for a per-resource section, the map), or null.</summary>
        public JsonObject? GetSection(string operation) => _root[operation] as JsonObject;

        /// <summary>Sets a whole section: a list operation's response, or a per-resource operation's map.</summary>
        public void SetSection(string operation, JsonValue response)
        {
            if (operation is null) throw new ArgumentNullException(nameof(operation));
            if (response is not JsonObject) throw new ArgumentException("A section must be a JSON object.", nameof(response));
            _root.Set(operation, response);
        }

        public bool RemoveSection(string operation) => _root.Remove(operation);

        /// <summary>Sets one resource's response in a per-resource section (creating the section).</summary>
        public void SetResourceSection(string operation, string key, JsonValue response)
        {
            if (!SnapshotOperations.IsPerResource(operation))
                throw new ArgumentException(operation + " is not a per-resource operation.", nameof(operation));
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("The resource key is empty.", nameof(key));
            var section = GetSection(operation);
            if (section is null)
            {
                section = new JsonObject();
                _root.Set(operation, section);
            }
            section.Set(key, response ?? JsonValue.Null);
        }

        /// <summary>One resource's response in a per-resource section; null when unknown.</summary>
        public JsonObject? GetResourceSection(string operation, string key) => GetSection(operation)?[key] as JsonObject;

        /// <summary>
        /// Appends items (e.g. the listeners of one more ALB) to a list section, creating it if
        /// needed; an item whose ID is already there replaces the old one, so sharing is safe.
        /// </summary>
        public void AddItems(string operation, IEnumerable<JsonValue> items)
        {
            var listProperty = SnapshotOperations.ListProperty(operation)
                ?? throw new ArgumentException(operation + " is not a list operation.", nameof(operation));
            var idProperty = SnapshotOperations.ItemIdProperty(operation)!;
            if (items is null) throw new ArgumentNullException(nameof(items));
            var section = GetSection(operation);
            if (section is null)
            {
                section = new JsonObject();
                _root.Set(operation, section);
            }
            if (section[listProperty] is not JsonArray list)
            {
                list = new JsonArray();
                section.Set(listProperty, list);
            }
            var merged = new List<JsonValue>();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in list) Append(merged, positions, item, idProperty);
            foreach (var item in items) Append(merged, positions, item, idProperty);
            section.Set(listProperty, new JsonArray(merged));
        }

        private static void Append(List<JsonValue> merged, Dictionary<string, int> positions, JsonValue item, string idProperty)
        {
            var id = (item as JsonObject)?[idProperty]?.AsString();
            if (id is not null && positions.TryGetValue(id, out var at))
            {
                merged[at] = item;
                return;
            }
            if (id is not null) positions[id] = merged.Count;
            merged.Add(item);
        }

        /// <summary>Sets one load balancer's metric window, queries and results in the GetMetricData section (creating it).</summary>
        public void SetMetricData(string loadBalancerArn, JsonObject entry)
        {
            if (string.IsNullOrEmpty(loadBalancerArn)) throw new ArgumentException("The load balancer ARN is empty.", nameof(loadBalancerArn));
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            if (_root[MetricDataSection] is not JsonObject section)
            {
                section = new JsonObject();
                _root.Set(MetricDataSection, section);
            }
            section.Set(loadBalancerArn, entry);
        }

        /// <summary>Operation → why it could not be collected (e.g. "AccessDenied: ..."), in file order.</summary>
        public IReadOnlyDictionary<string, string> Errors
        {
            get
            {
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                if (_root[ErrorsProperty] is JsonObject errors)
                    foreach (var p in errors)
                        result[p.Key] = p.Value.AsString() ?? p.Value.ToJson(false);
                return result;
            }
        }

        /// <summary>Records why an operation could not be collected; a second reason is appended.</summary>
        public void AddError(string operation, string reason)
        {
            if (string.IsNullOrEmpty(operation)) throw new ArgumentException("The operation is empty.", nameof(operation));
            if (_root[ErrorsProperty] is not JsonObject errors)
            {
                errors = new JsonObject();
                _root.Set(ErrorsProperty, errors);
            }
            var text = reason ?? string.Empty;
            var old = errors[operation]?.AsString();
            if (!string.IsNullOrEmpty(old) && !string.Equals(old, text, StringComparison.Ordinal)) text = old + "; " + text;
            errors.Set(operation, JsonValue.From(text));
        }

        /// <summary>
        /// Adds another snapshot's content: list items are merged by ID, per-resource entries and
        /// errors are added, unknown properties kept. Lets collectors build one document per ALB
        /// (or per call) and combine them; Region and CollectedAt stay this document's.
        /// </summary>
        public void Merge(SnapshotDocument other)
        {
            if (other is null) throw new ArgumentNullException(nameof(other));
            foreach (var p in other._root)
            {
                var name = p.Key;
                if (name == VersionProperty || name == RegionProperty || name == CollectedAtProperty) continue;
                if (name == ErrorsProperty)
                {
                    foreach (var e in other.Errors) AddError(e.Key, e.Value);
                }
                else if (SnapshotOperations.IsList(name) && p.Value is JsonObject response)
                {
                    var items = response[SnapshotOperations.ListProperty(name)!] as JsonArray;
                    AddItems(name, items is null ? new JsonArray() : (JsonArray)items.Clone());
                }
                else if (SnapshotOperations.IsPerResource(name) && p.Value is JsonObject map)
                {
                    foreach (var r in map) SetResourceSection(name, r.Key, r.Value.Clone());
                }
                else if (name == MetricDataSection && p.Value is JsonObject metrics && _root[name] is JsonObject mine)
                {
                    foreach (var m in metrics) mine.Set(m.Key, m.Value.Clone());
                }
                else if (!_root.Contains(name))
                {
                    _root.Set(name, p.Value.Clone());
                }
            }
            if (Region is null) Region = other.Region;
        }

        /// <summary>Combines several snapshots into a new one (see <see cref="Merge(SnapshotDocument)"/>).</summary>
        public static SnapshotDocument Combine(IEnumerable<SnapshotDocument> documents)
        {
            if (documents is null) throw new ArgumentNullException(nameof(documents));
            SnapshotDocument? result = null;
            foreach (var d in documents)
            {
                if (result is null) result = d.Clone();
                else result.Merge(d);
            }
            return result ?? new SnapshotDocument();
        }

        public SnapshotDocument Clone() => new SnapshotDocument((JsonObject)_root.Clone());

        /// <summary>
        /// The document as it is written: CLI spelling in every section (docs/snapshot-format.md: "writers always
        /// write the CLI spelling"), header first, sections in the documented order, unknown properties
        /// next, Errors last. A copy: changing it does not change the document.
        /// </summary>
        public JsonObject ToJsonValue() => (JsonObject)WrittenForm().Clone();

        /// <summary>The snapshot file text (indented, "\n" line ends, stable).</summary>
        public string ToJson() => WrittenForm().ToJson() + "\n";

        /// <summary>Writes the snapshot file (UTF-8 without BOM, the text of <see cref="ToJson"/>) without building it as one string first.</summary>
        public void Save(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 64 * 1024);
            Save(writer);
        }

        /// <summary>Writes the text of <see cref="ToJson"/> to a writer the caller opened (and closes).</summary>
        public void Save(TextWriter writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            JsonWriter.Write(writer, WrittenForm(), indented: true);
            writer.Write('\n');
        }

        /// <summary>What <see cref="ToJsonValue"/> copies: it shares values with the document, so it is only written, never changed.</summary>
        private JsonObject WrittenForm()
        {
            var result = new JsonObject();
            foreach (var name in new[] { VersionProperty, CollectedAtProperty, RegionProperty })
                if (_root.TryGetValue(name, out var v)) result.Set(name, v);
            foreach (var operation in SnapshotOperations.All)
                if (_root.TryGetValue(operation, out var section))
                    result.Set(operation, section is JsonObject ? CliSpelling.NormalizeSection(operation, section) : section);
            foreach (var p in _root)
                if (!result.Contains(p.Key) && p.Key != ErrorsProperty) result.Set(p.Key, p.Value);
            if (_root.TryGetValue(ErrorsProperty, out var errors)) result.Set(ErrorsProperty, errors);
            return result;
        }

        /// <summary>The raw document as held (not normalized); for the mapper and tests.</summary>
        internal JsonObject Root => _root;

        internal static string FormatTime(DateTime time) =>
            (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static void CheckString(JsonObject root, string name, string sourceName)
        {
            var v = root[name];
            if (v is not null && v.Kind != JsonKind.String && v.Kind != JsonKind.Null)
                throw NotASnapshot(sourceName, "'" + name + "' is " + Article(v.Kind) + "; it must be a string.");
        }

        private static void CheckSection(JsonObject root, string operation, string sourceName)
        {
            var section = root[operation];
            if (section is null || section.Kind == JsonKind.Null) return;
            if (section is not JsonObject obj)
                throw NotASnapshot(sourceName, "Section '" + operation + "' is " + Article(section.Kind) + "; it must be an object (the AWS CLI output of " + operation + ").");
            var listProperty = SnapshotOperations.ListProperty(operation);
            if (listProperty is not null)
            {
                var list = obj[listProperty];
                if (list is not null && list.Kind != JsonKind.Null && list.Kind != JsonKind.Array)
                    throw NotASnapshot(sourceName, "'" + operation + "." + listProperty + "' is " + Article(list.Kind) + "; it must be an array.");
                return;
            }
            foreach (var entry in obj)
                if (entry.Value is not JsonObject)
                    throw NotASnapshot(sourceName, "'" + operation + "' entry '" + entry.Key + "' is " + Article(entry.Value.Kind) + "; each entry must be the object the AWS CLI prints for that resource.");
        }

        private static SnapshotFormatException NotASnapshot(string sourceName, string reason) =>
            new SnapshotFormatException(ErrorIds.SnapshotNotASnapshot, sourceName, reason);

        /// <summary>"an array", "a number" …: a JSON kind in a message (also the metrics reader's).</summary>
        internal static string Article(JsonKind kind) => kind switch
        {
            JsonKind.Array => "an array",
            JsonKind.Object => "an object",
            JsonKind.Null => "null",
            JsonKind.Boolean => "a boolean",
            JsonKind.Number => "a number",
            _ => "a string",
        };
    }
}
