using System.CommandLine;
using Twin.Storage;
using Twin.Storage.Postgres;
using Twin.Storage.Sqlite;

namespace Twin.Cli.Commands;

/// <summary>
/// `twin keys create|list|revoke`: API keys, written straight into the server's store (the
/// SQLite file under --data, or PostgreSQL with --postgres), so the first admin key can be made
/// before the server is exposed. A running server sees a change within 10 s.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, list and revoke the API keys the server accepts (roles: reader, writer, admin).");
        keys.Subcommands.Add(CreateKey());
        keys.Subcommands.Add(ListKeys());
        keys.Subcommands.Add(RevokeKey());
        return keys;
    }

    static Option<DirectoryInfo> Data() => new("--data")
    {
        Description = $"The server's data directory holding {ImportCommand.DatabaseFile} (default: .data, the server's default).",
        DefaultValueFactory = _ => new DirectoryInfo(".data"),
    };

    static Option<string?> Postgres() => new("--postgres")
    {
        Description = "An Npgsql connection string: use the server's PostgreSQL store instead of the SQLite file.",
    };

    static Command CreateKey()
    {
        var role = new Option<string>("--role") { Description = "reader, writer or admin.", Required = true };
        var name = new Option<string>("--name") { Description = "Who or what uses the key, e.g. cycler-room-3.", Required = true };
        var data = Data();
        var postgres = Postgres();
        var command = new Command("create", "Create a key and print it once (the store keeps only a hash).") { role, name, data, postgres };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            if (ApiKeyStoreExtensions.ValidateNewKey(parse.GetValue(name), parse.GetValue(role)) is { } error)
            {
                await Console.Error.WriteLineAsync($"error: --{error.Field}: {error.Detail}");
                return 2;
            }
            await using var store = await OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct);
            var (row, key) = await store.CreateApiKeyAsync(parse.GetValue(name)!, parse.GetValue(role)!, TimeProvider.System, ct);
            await Console.Error.WriteLineAsync($"created key {row.KeyId} '{row.Name}' with role {row.Role}. It is shown only now: keep it in a secret store.");
            Console.WriteLine(key);
            return 0;
        }));
        return command;
    }

    static Command ListKeys()
    {
        var data = Data();
        var postgres = Postgres();
        var command = new Command("list", "List every key (id, name, role, created, revoked); never the secrets.") { data, postgres };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct);
            Console.WriteLine("key_id\tname\trole\tcreated_at\trevoked_at");
            foreach (var k in await store.ListApiKeysAsync(ct))
                Console.WriteLine($"{k.KeyId}\t{k.Name}\t{k.Role}\t{k.CreatedAt:O}\t{k.RevokedAt?.ToString("O") ?? ""}");
            return 0;
        }));
        return command;
    }

    static Command RevokeKey()
    {
        var id = new Argument<string>("KEY_ID") { Description = "The key's id (the 12 hex digits after twin_, as `twin keys list` shows)." };
        var data = Data();
        var postgres = Postgres();
        var command = new Command("revoke", "Revoke a key: every server refuses it within 10 s.") { id, data, postgres };
        command.SetAction((parse, ct) => CliOptions.Run(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct);
            if (!await store.RevokeApiKeyAsync(parse.GetValue(id)!, TimeProvider.System.GetUtcNow(), ct))
            {
                await Console.Error.WriteLineAsync($"error: there is no active key with id '{parse.GetValue(id)}' (`twin keys list` shows them).");
                return 2;
            }
            Console.WriteLine($"revoked {parse.GetValue(id)}");
            return 0;
        }));
        return command;
    }

    static async Task<ITwinStore> OpenAsync(DirectoryInfo data, string? postgres, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(postgres))
            return await PostgresStore.OpenAsync(postgres, ct);
        var path = Path.Combine(data.FullName, ImportCommand.DatabaseFile);
        return await SqliteStore.OpenAsync(path, null, ct);
    }
}
