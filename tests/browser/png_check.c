/*
 * png_check FILE [MIN_VARIANCE]: load a PNG with cairo and print its width,
 * height and the variance of its pixels' luminance (0-255 scale); exit 1
 * when the variance is below MIN_VARIANCE (default 100): a blank or
 * single-colour screenshot. Used by the browser test of reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo.h>

int main(int argc, char **argv)
{
    cairo_surface_t *s;
    const unsigned char *data;
    double min_var = 100.0, sum = 0.0, sum2 = 0.0, n, mean, var;
    int w, h, stride, x, y;

    if (argc < 2 || argc > 3) {
        fputs("usage: png_check FILE.png [MIN_VARIANCE]\n", stderr);
        return 2;
    }
    if (argc == 3)
        min_var = strtod(argv[2], NULL);
    s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "png_check: cannot load '%s': %s\n", argv[1],
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return 2;
    }
    if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32 &&
        cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24) {
        fprintf(stderr, "png_check: '%s': unexpected pixel format\n", argv[1]);
        cairo_surface_destroy(s);
        return 2;
    }
    cairo_surface_flush(s);
    w = cairo_image_surface_get_width(s);
    h = cairo_image_surface_get_height(s);
    stride = cairo_image_surface_get_stride(s);
    data = cairo_image_surface_get_data(s);
    for (y = 0; y < h; y++) {
        const uint32_t *row =
            (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);

        for (x = 0; x < w; x++) {
            uint32_t p = row[x];
            /* Rec. 601 luma of the (premultiplied, here opaque) pixel. */
            double l = 0.299 * (double)((p >> 16) & 0xff) +
                       0.587 * (double)((p >> 8) & 0xff) +
                       0.114 * (double)(p & 0xff);

            sum += l;
            sum2 += l * l;
        }
    }
    n = (double)w * (double)h;
    mean = n > 0 ? sum / n : 0.0;
    var = n > 0 ? sum2 / n - mean * mean : 0.0;
    printf("%d %d %.3f\n", w, h, var);
    cairo_surface_destroy(s);
    return var >= min_var ? 0 : 1;
}
