using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AlbTroubleshoot.AccessLogs;
using DuckDB.NET.Data;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// Executes the module's Athena SQL in DuckDB (in memory), so that tests run the generated query
    /// instead of comparing its text. The dialect adapter, all of it:
    /// <list type="bullet">
    /// <item>the DDL is not executed (DuckDB has no RegexSerDe or partition projection): its column list,
    /// types and input.regex are read from the DDL text, and the table becomes a view over the raw
    /// lines that applies that regex the way RegexSerDe does — a line must match whole, else every
    /// column is NULL; int, bigint and double columns are NULL where the text is not a number;</item>
    /// <item>the projected partition <c>day</c> is the yyyy/MM/dd folder AWS files each line's file under
    /// (the date of the file's end time, from its name), given with each line;</item>
    /// <item>the summary query runs unchanged: it uses only functions both engines have (CASE, substr,
    /// strpos, ||, CAST, count, min, max, BETWEEN, GROUP BY ordinals).</item>
    /// </list>
    /// One difference is left on purpose: RE2 (DuckDB) gives '' for an optional group that did not
    /// take part, Java's regex (Athena) NULL; the query treats '' and NULL alike wherever it reads them.
    /// </summary>
    internal sealed class DuckDbAthenaDialect : IDisposable
    {
        private readonly DuckDBConnection connection = new DuckDBConnection("DataSource=:memory:");

        public DuckDbAthenaDialect() => connection.Open();

        /// <summary>Creates the table of <paramref name="ddl"/> over these (day folder, line) pairs.</summary>
        public void CreateTable(string ddl, IEnumerable<(string Day, string Line)> lines)
        {
            var head = Regex.Match(ddl, @"^CREATE EXTERNAL TABLE IF NOT EXISTS ([a-z0-9_]+)\.([a-z0-9_]+) \(\n");
            if (!head.Success) throw new FormatException("Not the module's DDL: " + ddl.Substring(0, Math.Min(80, ddl.Length)));
            var columnText = ddl.Substring(head.Length, ddl.IndexOf("\n)\n", StringComparison.Ordinal) - head.Length);
            var columns = columnText.Split('\n').Select(l => l.Trim().TrimEnd(',').Split(' ')).Select(p => (Name: p[0], Type: p[1])).ToList();
            var regex = Regex.Match(ddl, @"'input\.regex' = '([^']*)'").Groups[1].Value;
            if (regex.Length == 0) throw new FormatException("The DDL has no input.regex.");

            Execute("CREATE TABLE raw_lines (day VARCHAR, line VARCHAR)");
            using (var appender = connection.CreateAppender("raw_lines"))
            {
                foreach (var (day, line) in lines)
                    appender.CreateRow().AppendValue(day).AppendValue(line).EndRow();
            }
            var full = Literal("^(?:" + regex + ")$");
            Execute("CREATE SCHEMA " + head.Groups[1].Value);
            // regexp_extract with a list of names gives every group in one struct (its group index form stops at 9).
            var names = "[" + string.Join(", ", columns.Select(c => Literal(c.Name))) + "]";
            Execute("CREATE VIEW " + head.Groups[1].Value + "." + head.Groups[2].Value + " AS SELECT " +
                string.Join(", ", columns.Select(c => "CASE WHEN matched THEN " + Convert(c.Type, "g.\"" + c.Name + "\"") + " END AS " + c.Name)) +
                ", day FROM (SELECT day, regexp_full_match(line, " + Literal(regex) + ") AS matched, regexp_extract(line, " + full + ", " + names + ") AS g FROM raw_lines)");
        }

        /// <summary>Runs a query; rows as GetQueryResults gives them: the column names first, then text values (null for NULL).</summary>
        public List<IReadOnlyList<string?>> Query(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<IReadOnlyList<string?>> { Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray() };
            while (reader.Read())
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.IsDBNull(i) ? null : System.Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                rows.Add(row);
            }
            return rows;
        }

        private static string Convert(string type, string text) => type switch
        {
            "string" => text,
            "int" => "TRY_CAST(NULLIF(" + text + ", '') AS INTEGER)",
            "bigint" => "TRY_CAST(NULLIF(" + text + ", '') AS BIGINT)",
            "double" => "TRY_CAST(NULLIF(" + text + ", '') AS DOUBLE)",
            _ => throw new FormatException("A column type the adapter does not know: " + type),
        };

        private static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

        private void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public void Dispose() => connection.Dispose();
    }
}
