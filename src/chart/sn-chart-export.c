/* sn-chart-export.c — a chart as a PNG, SVG or PDF file, through the same sn_chart_draw()
 *
 * Copyright 2026 The Shuniu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is rendered into memory and then written with g_file_set_contents(), so a reader
 * never sees half a file and a failure to write comes back as a GFileError with the reason.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "sn-chart-private.h"

/* cairo's limit for image surfaces; PDF and SVG get the same, far beyond any report. */
#define MAX_SIDE 32767.0

typedef enum {
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_PDF,
} ExportFormat;

static gboolean
format_for_path (const char *path, ExportFormat *format)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = EXPORT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = EXPORT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
create_surface (SnChart *self, ExportFormat format, double width, double height, GByteArray *bytes)
{
  cairo_surface_t *surface;

  switch (format)
    {
      case EXPORT_SVG:
        surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
        /* The chart is laid out in pixels: a browser shows it at its size. */
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        return surface;
      case EXPORT_PDF:
        surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Shuniu");
        if (self->title != NULL)
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
        return surface;
      case EXPORT_PNG:
      default:
        return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                           (int) ceil (height));
    }
}

/* Draws into @surface and finishes it; PNG data is encoded into @bytes. */
static cairo_status_t
render (SnChart *self, cairo_surface_t *surface, ExportFormat format, double width, double height,
        GByteArray *bytes)
{
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  sn_chart_draw (self, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;
  if (format == EXPORT_PNG)
    return cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  return cairo_surface_status (surface);
}

gboolean
sn_chart_export (SnChart *self, const char *path, double width, double height, GError **error)
{
  g_autoptr (GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  ExportFormat format;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!format_for_path (path, &format))
    {
      g_set_error (error, SN_CHART_ERROR, SN_CHART_ERROR_FORMAT,
                   _ ("Cannot export a chart to “%s”: the name must end in .png, .svg or .pdf"),
                   path);
      return FALSE;
    }
  if (!isfinite (width) || !isfinite (height) || width < 1 || height < 1 || width > MAX_SIDE
      || height > MAX_SIDE)
    {
      g_set_error (error, SN_CHART_ERROR, SN_CHART_ERROR_SIZE,
                   _ ("Cannot export a chart of %g × %g: each side must be from 1 to %g"), width,
                   height, MAX_SIDE);
      return FALSE;
    }

  bytes = g_byte_array_new ();
  surface = create_surface (self, format, width, height, bytes);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = render (self, surface, format, width, height, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SN_CHART_ERROR, SN_CHART_ERROR_RENDER,
                   _ ("Cannot draw the chart for “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}
