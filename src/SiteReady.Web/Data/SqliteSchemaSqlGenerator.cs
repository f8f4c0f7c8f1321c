using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Sqlite.Migrations.Internal;

namespace SiteReady.Web.Data;

/// <summary>
/// SQLite's CREATE TABLE as EF writes it, plus <c>WITHOUT ROWID</c> for a table whose entity carries
/// <see cref="WithoutRowId"/>: its rows are then stored in the order of its primary key. EF has no option for it,
/// and the model's create script is what the schema test compares the migration scripts with.
/// </summary>
#pragma warning disable EF1001 // SqliteMigrationsSqlGenerator is EF's own generator, extended rather than rewritten.
public sealed class SqliteSchemaSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider annotations)
    : SqliteMigrationsSqlGenerator(dependencies, annotations)
{
    public const string WithoutRowId = "SiteReady:SqliteWithoutRowId";

    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        base.Generate(operation, model, builder, terminate: false);
        var table = model?.GetRelationalModel().FindTable(operation.Name, operation.Schema);
        if (table?.EntityTypeMappings.Any(m => m.TypeBase.FindAnnotation(WithoutRowId)?.Value is true) == true)
            builder.Append(" WITHOUT ROWID");
        if (!terminate) return;
        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }
}
#pragma warning restore EF1001
